package org.lamina.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.lamina.graph.Network;

/**
 * Which parameters a fine-tune leaves as they are: patterns, separated by commas, each a glob
 * ({@code *} any run of characters, dots included; {@code ?} one character) or, after {@code re:}, a
 * Java regular expression, matched against the whole parameter name ({@code features.0.weight}) or the
 * whole name of its node ({@code features.0}). {@code features.*} freezes every parameter and running
 * statistic under {@code features}; {@code conv1,bn1,layer1.*} ResNet's stem and first stage;
 * {@code re:(?!fc\b).*} everything but the head {@code fc} (the pattern meets the node name {@code fc}
 * as well as {@code fc.weight}: {@code \b} ends the word either way).
 */
public final class Freeze {
    private final String text;
    private final List<Pattern> patterns;
    private final List<String> sources;

    private Freeze(String text, List<Pattern> patterns, List<String> sources) {
        this.text = text;
        this.patterns = patterns;
        this.sources = sources;
    }

    /**
     * @throws IllegalArgumentException naming {@code option} and the pattern when one is empty or not
     *     a valid regular expression
     */
    public static Freeze parse(String option, String text) {
        List<Pattern> patterns = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException(option + ": '" + text + "' has an empty pattern (give names or globs"
                        + " separated by commas, such as features.*)");
            }
            try {
                patterns.add(p.startsWith("re:") ? Pattern.compile(p.substring(3)) : glob(p));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(option + ": '" + p + "' is not a regular expression ("
                        + e.getDescription() + " at index " + e.getIndex() + ")");
            }
            sources.add(p);
        }
        return new Freeze(text.strip(), List.copyOf(patterns), List.copyOf(sources));
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** The patterns as given. */
    @Override
    public String toString() {
        return text;
    }

    /** Whether the parameter {@code name} of node {@code node} is frozen. */
    public boolean matches(String node, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches() || p.matcher(node).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code net} with the matching parameters frozen ({@link Network#freeze}).
     *
     * @param keepStatistics whether fully frozen batch norms keep their running statistics (see {@link Network#freeze})
     * @throws IllegalArgumentException naming {@code option} when a pattern matches no learned parameter
     *     (a typo would otherwise train everything), with some of the network's node names
     */
    public Network apply(String option, Network net, boolean keepStatistics) {
        for (int i = 0; i < patterns.size(); i++) {
            Pattern p = patterns.get(i);
            boolean any = net.parameters().stream().anyMatch(q -> q.spec().trainable()
                    && (p.matcher(q.name()).matches() || p.matcher(q.node().name()).matches()));
            if (!any) {
                List<String> names = net.nodes().stream().filter(n -> !n.params().isEmpty()).map(Network.NodeInfo::name)
                        .toList();
                String shown = names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 4))
                        + ", ..., " + String.join(", ", names.subList(names.size() - 3, names.size()));
                throw new IllegalArgumentException(option + ": '" + sources.get(i) + "' matches no learned parameter of "
                        + net.name() + " (its layers: " + shown + "; parameters are named LAYER.weight, LAYER.bias)");
            }
        }
        Predicate<String> frozen = name -> {
            int dot = name.lastIndexOf('.');
            return matches(dot < 0 ? name : name.substring(0, dot), name);
        };
        return net.freeze(frozen, keepStatistics);
    }
}
