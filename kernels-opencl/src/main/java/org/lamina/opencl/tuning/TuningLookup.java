package org.lamina.opencl.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.conv.ConvSelector;

/**
 * The tuning that applies to one device: the files that match it, most specific first (the user's
 * tuned file, then database entries from the exact device down to generic). Each parameter of a
 * family comes from the first of them that sets it.
 */
public final class TuningLookup {
    /** One matching file: what it is ({@code tuned file} or {@code database entry}), its key and where it is. */
    public record Applied(String kind, String key, String file, TuningTable table) {
        @Override
        public String toString() {
            return kind + " " + key;
        }
    }

    private final DeviceDescription device;
    private final List<Applied> chain;

    TuningLookup(DeviceDescription device, List<Applied> chain) {
        this.device = device;
        this.chain = List.copyOf(chain);
    }

    public DeviceDescription device() {
        return device;
    }

    /** The matching files, most specific first. */
    public List<Applied> chain() {
        return chain;
    }

    /** The most specific file, the one {@code lamina devices} names. */
    public Applied first() {
        return chain.get(0);
    }

    /** One line: {@code tuning: database entry nvidia/gpu (then gpu, generic)}. */
    public String describe() {
        String rest = chain.stream().skip(1).map(Applied::key).collect(Collectors.joining(", "));
        Applied a = first();
        return "tuning: " + a.kind() + " " + (a.kind().equals("tuned file") ? a.file() : a.key())
                + (rest.isEmpty() ? "" : " (then " + rest + ")");
    }

    /** The parameters of {@code family}, each from the most specific file that sets it. */
    public TuningParameters parameters(String family) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Applied a : chain) {
            Map<String, Object> f = a.table().parameters().get(family);
            if (f != null) {
                f.forEach((k, v) -> {
                    if (!values.containsKey(k)) {
                        values.put(k, v);
                        origins.put(k, a.file());
                    }
                });
            }
        }
        return new TuningParameters(family, values, origins, device,
                chain.stream().map(Applied::toString).collect(Collectors.joining(", ")));
    }

    /**
     * The tuning of {@code family}, built by {@code build}; an entry's misspelt parameter or a value
     * the family rejects is an error naming the file and the parameter.
     */
    public <T> T tuning(String family, Function<TuningParameters, T> build) {
        TuningParameters p = parameters(family);
        T t;
        try {
            t = build.apply(p);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("parameters." + family)) {
                throw e;
            }
            List<String> files = new ArrayList<>(new LinkedHashSet<>(p.values().keySet().stream()
                    .map(p::origin).toList()));
            throw new IllegalArgumentException(String.join(", ", files) + ": parameters." + family + ": "
                    + e.getMessage(), e);
        }
        if (!p.unread().isEmpty()) {
            String name = p.unread().iterator().next();
            throw p.bad(name, "unknown parameter of " + family + " (its parameters: " + p.read() + ")");
        }
        return t;
    }

    /** The tuning of the family {@code spec} declares, read as it declares ({@link TuningSpec#read}). */
    public <T> T tuning(TuningSpec<T> spec) {
        return tuning(spec.family(), spec::read);
    }

    /** The convolution choices per shape class, the more specific files' over the others'. */
    public Map<String, ConvChoice> conv() {
        Map<String, ConvChoice> m = new TreeMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            m.putAll(chain.get(i).table().conv());
        }
        return m;
    }

    /** The selector these choices make, over the rules ({@code convRules}) of the device. */
    public ConvSelector selector() {
        return new ConvSelector(device.type(), tuning(ConvSelector.Rules.SPEC), conv());
    }
}
