package dev.ladder.validate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A small recursive-descent evaluator for the arithmetic models write: numbers (thousands commas and "$"
 * dropped), {@code + - * / x × ÷ \times \cdot}, parentheses and unary minus. Anything else (words, powers,
 * percentages, functions) makes the expression unreadable, and it is then not checked.
 */
final class Expressions {

    private static final MathContext MC = MathContext.DECIMAL128;
    /** Decimals compared at most. */
    static final int MAX_PLACES = 6;

    private final String s;
    private int pos;

    private Expressions(String s) {
        this.s = s.replace("\\times", "*").replace("\\cdot", "*").replace('×', '*').replace('÷', '/')
                .replace(",", "").replace("$", "");
    }

    static Optional<BigDecimal> evaluate(String expression) {
        // "100 - 20%" means 80 to some writers and 99.8 to others: not checked.
        if (expression.indexOf('%') >= 0) {
            return Optional.empty();
        }
        Expressions e = new Expressions(expression);
        try {
            BigDecimal v = e.sum();
            e.skipSpace();
            return e.pos == e.s.length() ? Optional.of(v) : Optional.empty();
        } catch (ArithmeticException | NumberFormatException | IllegalStateException ex) {
            return Optional.empty();
        }
    }

    /**
     * True when {@code claimed} is {@code actual} written with the decimals {@code claimed} has: rounded or
     * cut, so less than one unit of its last place away ("2.67" and "2.66" for 8/3, "2" or "3" for it as a
     * whole number of items, but not "374" for 5 * 75). At most {@value #MAX_PLACES} decimals are compared.
     */
    static boolean agree(BigDecimal actual, BigDecimal claimed) {
        // "46.666666666666664" is a double printed in full: its last places are noise.
        int places = Math.clamp(claimed.stripTrailingZeros().scale(), 0, MAX_PLACES);
        BigDecimal unit = BigDecimal.ONE.movePointLeft(places);
        return actual.subtract(claimed).abs().compareTo(unit) < 0;
    }

    static String format(BigDecimal v) {
        BigDecimal r = v.setScale(Math.min(Math.max(v.stripTrailingZeros().scale(), 0), 4), RoundingMode.HALF_UP);
        return r.stripTrailingZeros().toPlainString();
    }

    private BigDecimal sum() {
        BigDecimal v = product();
        while (true) {
            skipSpace();
            if (eat('+')) {
                v = v.add(product(), MC);
            } else if (eat('-')) {
                v = v.subtract(product(), MC);
            } else {
                return v;
            }
        }
    }

    private BigDecimal product() {
        BigDecimal v = unary();
        while (true) {
            skipSpace();
            if (eat('*') || eat('x') || eat('X')) {
                v = v.multiply(unary(), MC);
            } else if (eat('/')) {
                v = v.divide(unary(), MC);
            } else {
                return v;
            }
        }
    }

    private BigDecimal unary() {
        skipSpace();
        if (eat('-')) {
            return unary().negate();
        }
        if (eat('(')) {
            BigDecimal v = sum();
            skipSpace();
            if (!eat(')')) {
                throw new IllegalStateException("unbalanced parenthesis");
            }
            return v;
        }
        int start = pos;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalStateException("number expected at " + pos);
        }
        return new BigDecimal(s.substring(start, pos));
    }

    private boolean eat(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
