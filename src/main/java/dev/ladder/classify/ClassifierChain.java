package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.pipeline.ModelCalls;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Classifiers cheapest first: the next one runs only when the previous one's confidence is below that
 * previous link's band. The classification that stands names the classifier that decided (its
 * {@link Classification#classifier()}). A later classifier that fails (throws) leaves the previous answer
 * standing, so an optional, fallible classifier (an LLM, a model file) can never fail a request.
 */
public final class ClassifierChain implements Classifier {

    private static final System.Logger LOG = System.getLogger(ClassifierChain.class.getName());

    /** One classifier and the confidence at or above which its answer is final. */
    public record Link(Classifier classifier, double band) {
        public Link {
            requireNonNull(classifier, "classifier is null");
            if (!(band >= 0 && band <= 1)) {
                throw new IllegalArgumentException("band must be in [0, 1]: " + band);
            }
        }
    }

    private final List<Link> links;

    public ClassifierChain(List<Link> links) {
        this.links = List.copyOf(links);
        if (this.links.isEmpty()) {
            throw new IllegalArgumentException("a classifier chain needs at least one classifier");
        }
    }

    @Override
    public Classification classify(ChatRequest request) {
        return classify(request, ModelCalls.NONE);
    }

    @Override
    public Classification classify(ChatRequest request, ModelCalls calls) {
        Classification standing = links.getFirst().classifier().classify(request, calls);
        double band = links.getFirst().band();
        for (int i = 1; i < links.size() && standing.confidence() < band; i++) {
            Link link = links.get(i);
            try {
                standing = link.classifier().classify(request, calls);
                band = link.band();
            } catch (RuntimeException e) {
                // the previous classifier's answer stands; say so once per failure, without the prompt
                LOG.log(Level.WARNING, "classifier " + link.classifier().name() + " failed, keeping "
                        + standing.classifier() + "'s answer: " + e);
                return standing;
            }
        }
        return standing;
    }

    @Override
    public String name() {
        return "chain";
    }
}
