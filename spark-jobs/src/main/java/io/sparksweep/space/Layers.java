package io.sparksweep.space;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two structured hyperparameters, as the canonical strings trial rows store.
 * {@code hidden_layers}: a count ("2", meaning that many layers of {@code width} units), a list of
 * widths ("[125, 100, 50]"), or a layout of tokens, left to right: {@code <width>},
 * {@code <width>:<activation>}, {@code <n>x<width>[:<activation>]} and {@code d<rate>} (dropout of
 * the next layer's input), e.g. "d0.2 1000 d0.2 3x200 d0.1 3x100 d0.1 50:sigmoid".
 * {@code conv_layers}: tokens such as "c32 p2 d0.25 c64 p2".
 */
public final class Layers {

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

    private Layers() {}

    /**
     * One dense hidden layer: its width, its own activation (null: the {@code activation}
     * hyperparameter's) and the dropout rate of its input (0: none).
     */
    public record DenseStep(int width, ActivationType activation, double dropout) {}

    /**
     * A {@code hidden_layers} layout string as its canonical text: a list of widths "[200, 200]"
     * when it only has plain widths ("5x200", "1000 3x200": the form these always had, so their
     * configuration ids do not change), otherwise its tokens normalised ("d0.2 1000 d0.2 3x200
     * 50:sigmoid"; consecutive identical layers merged into n x width). A lone number is refused:
     * unquoted it is a layer count, so quoted it would be ambiguous.
     *
     * @throws IllegalArgumentException one line naming the bad token
     */
    public static String canonicalLayout(String text) {
        List<DenseStep> steps = parseLayout(text);
        if (steps.stream().allMatch(s -> s.activation() == null && s.dropout() == 0) && trailingDropout(text) == 0) {
            return list(steps.stream().mapToInt(DenseStep::width).toArray());
        }
        return layoutText(steps, trailingDropout(text));
    }

    private static final Pattern LAYER_TOKEN = Pattern.compile("(?:(\\d+)x)?(\\d+)(?::([^:]+))?");
    private static final Pattern DROPOUT_TOKEN = Pattern.compile("d(\\d*\\.?\\d+)");
    private static final String TOKENS = "<width>, <width>:<activation>, <n>x<width>[:<activation>] or d<rate>";

    /** The tokens of a layout, lower case, with "5 x 200", "5×200", "5*200" and "50 : tanh" written as one token. */
    private static String[] tokens(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.matches("\\d+\\s+[x×*]\\s+\\d+")) {
            // "5 x 200", accepted before layouts were; "1000 x200" is two tokens, the second bad
            s = s.replaceAll("\\s", "");
        }
        s = s.replaceAll("(?<=\\d)[×*](?=\\d)", "x").replaceAll("\\s*:\\s*", ":");
        return s.isEmpty() ? new String[0] : s.split("[\\s,]+");
    }

    /** The rate of a d<rate> token ending the layout (dropout of the output layer's input), or 0. */
    static double trailingDropout(String text) {
        String[] t = tokens(text);
        return t.length > 0 && DROPOUT_TOKEN.matcher(t[t.length - 1]).matches() ? dropoutRate(t[t.length - 1]) : 0;
    }

    /** The dense layers of a layout string, input to output; a trailing d<rate> is {@link #trailingDropout}. */
    static List<DenseStep> parseLayout(String text) {
        String[] tokens = tokens(text);
        if (tokens.length == 0) {
            throw new IllegalArgumentException("is empty; write 0 for no hidden layer");
        }
        if (tokens.length == 1 && tokens[0].matches("\\d+")) {
            throw new IllegalArgumentException("a lone number is a layer count: write " + tokens[0]
                    + " without quotes for " + tokens[0] + " layers of `width` units, or [" + tokens[0]
                    + "] for one layer of " + tokens[0] + " units");
        }
        List<DenseStep> steps = new ArrayList<>();
        double pending = 0;
        String previous = null;
        for (String token : tokens) {
            if (DROPOUT_TOKEN.matcher(token).matches()) {
                if (previous != null && DROPOUT_TOKEN.matcher(previous).matches()) {
                    throw new IllegalArgumentException("token '" + token + "' follows the dropout '" + previous
                            + "': one d<rate> per layer input");
                }
                pending = dropoutRate(token);
                previous = token;
                continue;
            }
            Matcher m = LAYER_TOKEN.matcher(token);
            if (!m.matches()) {
                throw new IllegalArgumentException("token '" + token + "' is not " + TOKENS);
            }
            long n = m.group(1) == null ? 1 : number(m.group(1), token);
            long width = number(m.group(2), token);
            if (width > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("token '" + token + "': the width " + width + " is too large");
            }
            if (n < 1) {
                throw new IllegalArgumentException("token '" + token + "': the number of layers must be >= 1");
            }
            if (width < 1) {
                throw new IllegalArgumentException("token '" + token + "': the width must be >= 1");
            }
            ActivationType activation = null;
            if (m.group(3) != null) {
                activation = Arrays.stream(ActivationType.values())
                        .filter(a -> a.key().equals(m.group(3)))
                        .findFirst()
                        .orElseThrow(() ->
                                new IllegalArgumentException("token '" + token + "': the activation must be one of "
                                        + String.join(", ", ChoiceValue.keys(ActivationType.values()))));
            }
            requireLayerCount(steps.size() + n, String.valueOf(steps.size() + n));
            for (long i = 0; i < n; i++) {
                steps.add(new DenseStep((int) width, activation, i == 0 ? pending : 0));
            }
            pending = 0;
            previous = token;
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(
                    "has no layer; write 0 for no hidden layer (and dropout: for the output layer's input)");
        }
        return steps;
    }

    private static long number(String digits, String token) {
        if (digits.length() > 18) {
            throw new IllegalArgumentException("token '" + token + "': " + digits + " is too large");
        }
        return Long.parseLong(digits);
    }

    private static double dropoutRate(String token) {
        double rate = Double.parseDouble(token.substring(1));
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("token '" + token + "': the dropout rate must be >= 0 and < 1");
        }
        return rate;
    }

    /** The normalised text of parsed layers: identical consecutive layers without dropout between them as n x width. */
    private static String layoutText(List<DenseStep> steps, double trailing) {
        StringJoiner j = new StringJoiner(" ");
        for (int i = 0; i < steps.size(); ) {
            DenseStep s = steps.get(i);
            int n = 1;
            while (i + n < steps.size() && steps.get(i + n).equals(new DenseStep(s.width(), s.activation(), 0))) {
                n++;
            }
            if (s.dropout() > 0) {
                j.add("d" + rate(s.dropout()));
            }
            j.add((n > 1 ? n + "x" : "")
                    + s.width()
                    + (s.activation() == null ? "" : ":" + s.activation().key()));
            i += n;
        }
        if (trailing > 0) {
            j.add("d" + rate(trailing));
        }
        return j.toString();
    }

    private static String rate(double r) {
        return BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
    }

    public static String list(int[] widths) {
        return Arrays.toString(widths);
    }

    /** Hidden-layer widths, input to output. */
    public static int[] hiddenWidths(String canonical, int width) {
        return dense(canonical, width).stream().mapToInt(DenseStep::width).toArray();
    }

    /**
     * The dense hidden layers of a canonical {@code hidden_layers} value, input to output: a count
     * of {@code width}-unit layers, a list of widths, or a layout.
     */
    public static List<DenseStep> dense(String canonical, int width) {
        String s = canonical.trim();
        if (s.startsWith("[")) {
            String inner = s.substring(1, s.length() - 1).trim();
            return inner.isEmpty()
                    ? List.of()
                    : Arrays.stream(inner.split(","))
                            .map(t -> new DenseStep(Integer.parseInt(t.trim()), null, 0))
                            .toList();
        }
        if (s.matches("-?\\d+")) {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new NegativeArraySizeException(s);
            }
            requireLayerCount(n, s);
            List<DenseStep> steps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                steps.add(new DenseStep(width, null, 0));
            }
            return steps;
        }
        return parseLayout(s);
    }

    /** Whether a canonical {@code hidden_layers} value is a count > 0 of {@code width}-unit layers (a list or layout gives its own widths). */
    public static boolean isWidthCount(String canonical) {
        return canonical.trim().matches("0*[1-9]\\d*");
    }

    /** The dropout rate of the output layer's input a canonical {@code hidden_layers} value asks for (a trailing d<rate>), or 0. */
    public static double outputDropout(String canonical) {
        String s = canonical.trim();
        return s.startsWith("[") || s.matches("-?\\d+") ? 0 : trailingDropout(s);
    }

    /** A deeper stack is a typo, not a network: refused before an array of that many layers is made. */
    public static final int MAX_HIDDEN_LAYERS = 1000;

    private static void requireLayerCount(long n, String text) {
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
            List<DenseStep> steps = dense(canonical, 1);
            if (steps.stream().anyMatch(d -> d.width() < 1)) {
                return "every width must be >= 1 (got " + canonical + ")";
            }
            return null;
        } catch (TooDeepException e) {
            return e.getMessage();
        } catch (NumberFormatException | NegativeArraySizeException e) {
            return "must be a count >= 0, a list of widths like [125, 100, 50], or a layout like \"d0.2 1000 3x200 50:sigmoid\" (got "
                    + canonical + ")";
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (in \"" + canonical + "\")";
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
                throw new IllegalArgumentException(
                        "'" + token + "' is not c<filters>, p<pool size> or d<dropout rate>");
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
                    throw new IllegalArgumentException(
                            "'" + token + "': " + (kind == 'p' ? "pool size must be >= 2" : "filters must be >= 1"));
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
