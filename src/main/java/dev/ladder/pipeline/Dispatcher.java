package dev.ladder.pipeline;

/**
 * Sends an exchange to the deployments of one route plan and returns their answer: what the last stage does
 * for the plan on the exchange. Strategies that call upstreams more than once (cascade, race) call it
 * directly, once per tier, instead of proceeding down the chain.
 */
@FunctionalInterface
public interface Dispatcher {

    Reply dispatch(Exchange exchange, RoutePlan plan);
}
