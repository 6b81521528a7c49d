package io.sparksweep.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two structured hyperparameters, as the canonical strings trial rows store.
 * {@code hidden_layers}: a count ("2", meaning that many layers of {@code width} units) or a list of
 * widths ("[125, 100, 50]"). {@code conv_layers}: tokens such as "c32 p2 d0.25 c64 p2".
 */
public final class Layers {

    private static final Pattern REPEAT = Pattern.compile("\\s*(\\d+)\\s*[x×*]\\s*(\\d+)\\s*");
    private static final Pattern TOKEN = Pattern.compile("([cpd])([0-9.]+)");

    /** One step of a convolutional layout. */
    public record ConvStep(char kind, int size, double rate) {
        public boolean conv() {
            return kind == 'c';
        }

        public boolean pool() {
            return kind == 'p';
        }

        public boolean dropout() {
            return kind == 'd';
        }
    }

    private Layers() {
    }

    /** "5x200" (or 5 × 200) as the canonical list "[200, 200, 200, 200, 200]"; null if it is not that form. */
    static String repeatForm(String text) {
        Matcher m = REPEAT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int n = Integer.parseInt(m.group(1));
        requireLayerCount(n, text);
        int[] widths = new int[n];
        Arrays.fill(widths, Integer.parseInt(m.group(2)));
        return list(widths);
    }

    static String list(int[] widths) {
        return Arrays.toString(widths);
    }

    /** Hidden-layer widths, input to output. */
    public static int[] hiddenWidths(String canonical, int width) {
        String s = canonical.trim();
        if (s.startsWith("[")) {
            String inner = s.substring(1, s.length() - 1).trim();
            return inner.isEmpty() ? new int[0]
                    : Arrays.stream(inner.split(",")).mapToInt(t -> Integer.parseInt(t.trim())).toArray();
        }
        int n = Integer.parseInt(s);
        requireLayerCount(n, s);
        int[] widths = new int[n];
        Arrays.fill(widths, width);
        return widths;
    }

    /** A deeper stack is a typo, not a network: refused before an array of that many layers is made. */
    public static final int MAX_HIDDEN_LAYERS = 1000;

    private static void requireLayerCount(int n, String text) {
        if (n > MAX_HIDDEN_LAYERS) {
            throw new TooDeepException("at most " + MAX_HIDDEN_LAYERS + " hidden layers (got " + text + ")");
        }
    }

    private static final class TooDeepException extends IllegalArgumentException {
        TooDeepException(String message) {
            super(message);
        }
    }

    static String problemWithHidden(String canonical) {
        try {
            int[] widths = hiddenWidths(canonical, 1);
            if (Arrays.stream(widths).anyMatch(w -> w < 1)) {
                return "every width must be >= 1 (got " + canonical + ")";
            }
            return null;
        } catch (TooDeepException e) {
            return e.getMessage();
        } catch (NumberFormatException | NegativeArraySizeException e) {
            return "must be a count >= 0, a list of widths like [125, 100, 50], or \"5x200\" (got " + canonical + ")";
        }
    }

    public static List<ConvStep> conv(String layout) {
        List<ConvStep> steps = new ArrayList<>();
        for (String token : layout.trim().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + token + "' is not c<filters>, p<pool size> or d<dropout rate>");
            }
            char kind = m.group(1).charAt(0);
            if (kind == 'd') {
                double rate = Double.parseDouble(m.group(2));
                if (!(rate >= 0 && rate < 1)) {
                    throw new IllegalArgumentException("dropout rate in '" + token + "' must be >= 0 and < 1");
                }
                steps.add(new ConvStep(kind, 0, rate));
            } else {
                int size = Integer.parseInt(m.group(2));
                if (size < (kind == 'p' ? 2 : 1)) {
                    throw new IllegalArgumentException("'" + token + "': " + (kind == 'p' ? "pool size must be >= 2" : "filters must be >= 1"));
                }
                steps.add(new ConvStep(kind, size, 0));
            }
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).pool() && steps.get(i - 1).dropout()) {
                // DL4J's SubsamplingLayer never applies its input dropout: it would be silently lost
                throw new IllegalArgumentException("a dropout d<rate> right before a pooling p<k> is not supported "
                        + "(DL4J's pooling layers ignore dropout); put it after the pooling");
            }
        }
        if (steps.stream().noneMatch(ConvStep::conv)) {
            throw new IllegalArgumentException("needs at least one convolution c<filters>");
        }
        return steps;
    }

    static String problemWithConv(String layout) {
        try {
            conv(layout);
            return null;
        } catch (NumberFormatException e) {
            return "is not a layout like \"c32 p2 c64 p2\" (got \"" + layout + "\")";
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (got \"" + layout + "\")";
        }
    }
}
