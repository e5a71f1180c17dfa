package org.lamina.opencl.tuning;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.lamina.opencl.Device;

/**
 * The tuning parameters of a kernel family, declared once, beside the record that holds them: one
 * {@link Parameter} per record component, in order, with its name in the tuning database (the
 * component's name), the values it takes and its {@code -D} define, if any. From the declaration
 * come the record from the database's parameters ({@link #read}), the device's tuning
 * ({@link #defaults}), the check of a record built by hand ({@link #check}, in its compact
 * constructor), the program's defines ({@link #defines}) and the values a tuned file stores
 * ({@link #values}). Every rejected value is one message naming the family, the parameter and the
 * value, with the file that set it when it came from the database.
 *
 * <pre>{@code
 * public record Tuning(int items, int workGroup) {
 *     public static final TuningSpec<Tuning> SPEC = TuningSpec.of("foo", Tuning.class,
 *             integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"));
 *     public Tuning {
 *         SPEC.check(items, workGroup);
 *     }
 * }
 * }</pre>
 *
 * @param <T> the record of the family's tuning
 */
public final class TuningSpec<T> {
    private final String family;
    private final List<Parameter> parameters;
    private final Constructor<T> constructor;
    private final Method[] accessors;
    private final Function<TuningParameters, T> reader;

    private TuningSpec(String family, List<Parameter> parameters, Constructor<T> constructor, Method[] accessors,
            Function<TuningParameters, T> reader) {
        this.family = family;
        this.parameters = parameters;
        this.constructor = constructor;
        this.accessors = accessors;
        this.reader = reader;
    }

    /**
     * The tuning of {@code family} held in {@code type}, whose components are {@code parameters} in
     * order (the same names; {@code int} for integer kinds, {@code long} for {@link #count}s,
     * {@code boolean} for {@link #flag}s).
     *
     * @throws IllegalStateException when the declaration and the record disagree
     */
    public static <T extends Record> TuningSpec<T> of(String family, Class<T> type, Parameter... parameters) {
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != parameters.length) {
            throw new IllegalStateException(type.getName() + ": " + components.length + " components, "
                    + parameters.length + " tuning parameters declared");
        }
        Class<?>[] types = new Class<?>[components.length];
        Method[] accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Parameter p = parameters[i];
            if (!c.getName().equals(p.name) || c.getType() != p.kind.type) {
                throw new IllegalStateException(type.getName() + ": component " + i + " is " + c.getType() + " "
                        + c.getName() + ", the declaration has " + p.kind.type + " " + p.name);
            }
            types[i] = c.getType();
            accessors[i] = c.getAccessor();
            accessors[i].setAccessible(true);
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new TuningSpec<>(family, List.of(parameters), constructor, accessors, null);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + ": no canonical constructor", e);
        }
    }

    /**
     * The same declaration, read from the database by {@code reader} instead of parameter by
     * parameter: for a family whose database parameters are not its components one to one (a value
     * derived from several, or fitted to the device as a whole).
     */
    public TuningSpec<T> readBy(Function<TuningParameters, T> reader) {
        return new TuningSpec<>(family, parameters, constructor, accessors, reader);
    }

    /** The family's name in the tuning database. */
    public String family() {
        return family;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * The tuning from the database's parameters for one device.
     *
     * @throws IllegalArgumentException naming the file, the family, the parameter and the value it rejects
     */
    public T read(TuningParameters p) {
        if (reader != null) {
            return reader.apply(p);
        }
        Object[] values = new Object[parameters.size()];
        for (int i = 0; i < values.length; i++) {
            Parameter q = parameters.get(i);
            values[i] = q.kind.read(p, q.name);
            String problem = q.problem(values[i]);
            if (problem != null) {
                throw new IllegalArgumentException(p.origin(q.name) + ": parameters." + family + ": " + problem);
            }
        }
        return construct(values);
    }

    /** The device's tuning: its tuned file, else the tuning database's entries for it. */
    public T defaults(Device device) {
        return TuningDatabase.forDevice(device).tuning(this);
    }

    /**
     * Checks the components of a tuning, in order; called by the record's compact constructor.
     *
     * @throws IllegalArgumentException naming the family, the first parameter out of its range and its value
     */
    public void check(Object... values) {
        for (int i = 0; i < values.length; i++) {
            String problem = parameters.get(i).problem(values[i]);
            if (problem != null) {
                throw bad(problem);
            }
        }
    }

    /** An error about the family's tuning: {@code pooling tuning: problem}. */
    public IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException(family + " tuning: " + problem);
    }

    /** The {@code -D} defines of {@code tuning}'s program: flags as 1 or 0. */
    public Map<String, Object> defines(T tuning) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < accessors.length; i++) {
            Parameter q = parameters.get(i);
            if (q.define != null) {
                Object v = component(tuning, i);
                m.put(q.define, switch (q.kind) {
                    case FLAG -> (Boolean) v ? 1 : 0;
                    case COUNT -> v;
                    default -> q.defineValue.applyAsInt((Integer) v);
                });
            }
        }
        return m;
    }

    /** The parameters of {@code tuning} as a tuned file stores them (integers as {@code Long}). */
    public Map<String, Object> values(T tuning) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < accessors.length; i++) {
            Object v = component(tuning, i);
            m.put(parameters.get(i).name, v instanceof Integer n ? (Object) n.longValue() : v);
        }
        return m;
    }

    private Object component(T tuning, int i) {
        try {
            return accessors[i].invoke(tuning);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private T construct(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the parameters

    /** An integer in {@code min..max}. */
    public static Parameter integer(String name, int min, int max) {
        return new Parameter(name, Kind.INTEGER, min, max, null, null, IntUnaryOperator.identity());
    }

    /** An integer of at least {@code min}. */
    public static Parameter atLeast(String name, int min) {
        return integer(name, min, Integer.MAX_VALUE);
    }

    /** A work-group size: at least 1, fitted to the device's largest work-group when read. */
    public static Parameter workGroupSize(String name) {
        return workGroupSize(name, Integer.MAX_VALUE);
    }

    /** A work-group size of at most {@code max}, fitted to the device's largest when read. */
    public static Parameter workGroupSize(String name, int max) {
        return new Parameter(name, Kind.WORK_GROUP, 1, max, null, null, IntUnaryOperator.identity());
    }

    /** A power-of-two work-group size (a tree reduction's), rounded down to one that fits the device when read. */
    public static Parameter powerOfTwo(String name) {
        return new Parameter(name, Kind.POWER_OF_TWO, 1, Integer.MAX_VALUE, null, null, IntUnaryOperator.identity());
    }

    /** One of {@code values} (a vector width, a tile size). */
    public static Parameter oneOf(String name, int... values) {
        return new Parameter(name, Kind.INTEGER, Integer.MIN_VALUE, Integer.MAX_VALUE, values.clone(), null,
                IntUnaryOperator.identity());
    }

    /** A {@code long} of at least 1 (a budget in floats, a number of work-items). */
    public static Parameter count(String name) {
        return new Parameter(name, Kind.COUNT, 1, Long.MAX_VALUE, null, null, IntUnaryOperator.identity());
    }

    /** True or false. */
    public static Parameter flag(String name) {
        return new Parameter(name, Kind.FLAG, 0, 0, null, null, IntUnaryOperator.identity());
    }

    /** What a parameter is read as from the database, and its record component's type. */
    public enum Kind {
        INTEGER(int.class), WORK_GROUP(int.class), POWER_OF_TWO(int.class), COUNT(long.class), FLAG(boolean.class);

        final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }

        Object read(TuningParameters p, String name) {
            return switch (this) {
                case INTEGER -> p.integer(name);
                case WORK_GROUP -> p.workGroup(name);
                case POWER_OF_TWO -> p.powerOfTwo(name);
                case COUNT -> p.longValue(name);
                case FLAG -> p.bool(name);
            };
        }
    }

    /**
     * One tuning parameter: its name (the database's key and the record component's), what it is
     * read as, its range or its allowed values (null for a range), and the define that passes it to
     * the program (null for none) with the value the define takes.
     */
    public record Parameter(String name, Kind kind, long min, long max, int[] allowed, String define,
            IntUnaryOperator defineValue) {
        /** The same parameter, passed to the program as {@code -D macro=value}. */
        public Parameter define(String macro) {
            return define(macro, IntUnaryOperator.identity());
        }

        /** The same parameter, passed to the program as {@code -D macro=value.apply(value)}. */
        public Parameter define(String macro, IntUnaryOperator value) {
            return new Parameter(name, kind, min, max, allowed, macro, value);
        }

        /** Null when {@code value} is one this parameter takes, else why not, naming the parameter and the value. */
        String problem(Object value) {
            if (kind == Kind.FLAG) {
                return null;
            }
            long v = ((Number) value).longValue();
            if (allowed != null) {
                if (Arrays.stream(allowed).noneMatch(a -> a == v)) {
                    String list = Arrays.stream(allowed).mapToObj(String::valueOf).collect(Collectors.joining(", "));
                    int cut = list.lastIndexOf(", ");
                    return name + " " + v + " is not " + (cut < 0 ? list : list.substring(0, cut) + " or "
                            + list.substring(cut + 2));
                }
                return null;
            }
            if (kind == Kind.POWER_OF_TWO && (v < 1 || Long.bitCount(v) != 1)) {
                return name + " " + v + " is not a power of two";
            }
            if (v < min || v > max) {
                boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
                return name + " " + v + (unbounded ? " is below " + min : " is outside " + min + ".." + max);
            }
            return null;
        }
    }
}
