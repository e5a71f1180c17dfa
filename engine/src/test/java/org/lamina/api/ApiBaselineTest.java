package org.lamina.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Diff;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The semantic-version baseline of the engine bundle (OSGi's rules, computed by bnd): the API and
 * SPI packages the bundle exports, compared with the API recorded in {@code engine/api-baseline.txt}.
 * A change that breaks callers or implementers of a package must raise the package's major version,
 * an addition its minor version ({@code @Version} in its {@code package-info.java}), where
 * {@code @ProviderType} and {@code @ConsumerType} decide which an addition to an interface is. The
 * internal packages (exported with the mandatory attribute {@code lamina.internal}) are not API and
 * are not compared.
 *
 * <p>Lamina has no release yet, so the record is the API as of the day it was recorded (its first
 * line says which); a release records its own ({@code -Dlamina.apiBaseline=record}, see
 * docs/development.md). The record is text, one element of the API per line, so a change of it reads
 * as a diff in review.
 */
class ApiBaselineTest {
    static final Path RECORD = Path.of("api-baseline.txt");
    static final Path CLASSES = Path.of("target", "classes");
    static final String INTERNAL = "lamina.internal";

    /** The exported API: package versions and bnd's tree of their public and protected members. */
    record Api(Map<String, String> versions, Tree.Data tree) {
        Parameters exports() {
            Parameters p = new Parameters();
            versions.forEach((pkg, v) -> {
                Attrs a = new Attrs();
                a.put("version", v);
                p.put(pkg, a);
            });
            return p;
        }
    }

    @Test
    void theExportedApiKeepsToSemanticVersioning() throws Exception {
        Api now = current();
        if ("record".equals(System.getProperty("lamina.apiBaseline"))) {
            Files.writeString(RECORD, write(now), StandardCharsets.UTF_8);
            Assumptions.abort("recorded the engine's API in " + RECORD.toAbsolutePath() + "; not compared");
        }
        Api recorded = read(Files.readString(RECORD, StandardCharsets.UTF_8));
        List<String> problems = new ArrayList<>();
        for (String pkg : recorded.versions().keySet()) {
            if (!now.versions().containsKey(pkg)) {
                problems.add(pkg + ": no longer exported as API (a major change of the bundle)");
            }
        }
        for (Baseline.Info i : baseline(now, recorded)) {
            if (tooLow(i)) {
                problems.add(i.packageName + " " + i.newerVersion + ": its API changed (" + i.packageDiff.getDelta()
                        + ") since the record, so its version must be at least " + i.suggestedVersion + ":\n"
                        + changes(i.packageDiff));
            }
        }
        if (!problems.isEmpty()) {
            fail("the engine's exported API against " + RECORD.toAbsolutePath() + " (docs/development.md, API "
                    + "baseline):\n" + String.join("\n", problems));
        }
    }

    @Test
    void internalPackagesAreExportedOnlyToBundlesThatAskForThem() throws Exception {
        Parameters exports = manifestExports();
        for (String pkg : List.of("org.lamina.bench", "org.lamina.golden")) {
            Attrs a = exports.get(pkg);
            assertTrue(a != null, pkg + " is exported (the shell bundle imports it)");
            assertEquals("true", a.get(INTERNAL), pkg);
            assertEquals(INTERNAL, a.get("mandatory:"), pkg + " demands the attribute of its importers");
        }
        assertFalse(exports.containsKey("org.lamina.backend.opencl"), "backend implementations stay private");
        assertFalse(exports.containsKey("org.lamina.backend.java"), "backend implementations stay private");
        assertFalse(current().versions().containsKey("org.lamina.bench"), "internal packages are not API");
    }

    @Test
    void aRemovedMethodDemandsAMajorVersion() throws Exception {
        Api now = current();
        Tree.Data broken = copy(now.tree());
        Tree.Data executor = find(broken, "org.lamina.exec.Executor");
        Tree.Data method = Arrays.stream(executor.children).filter(c -> c.type == Type.METHOD).findFirst()
                .orElseThrow();
        executor.children = Arrays.stream(executor.children).filter(c -> c != method).toArray(Tree.Data[]::new);
        // Against the record itself, as the first test compares: its reading finds the change too.
        Api recorded = read(Files.readString(RECORD, StandardCharsets.UTF_8));
        Baseline.Info exec = info(baseline(new Api(now.versions(), broken), recorded), "org.lamina.exec");
        assertTrue(tooLow(exec), "removing Executor." + method.name + " without a new major version is refused");
        assertEquals(exec.olderVersion.getMajor() + 1, exec.suggestedVersion.getMajor(),
                exec.suggestedVersion::toString);
    }

    @Test
    void anAddedMethodIsMinorForAProviderTypeAndMajorForAConsumerType() throws Exception {
        Api now = current();
        // The record lacks one abstract method that the current interface has: the current one added it.
        Baseline.Info backend = info(baseline(now, without(now, "org.lamina.backend.Backend", Delta.MINOR)),
                "org.lamina.backend");
        assertTrue(tooLow(backend), "an addition needs a new minor version");
        assertEquals(backend.olderVersion.getMajor(), backend.suggestedVersion.getMajor(),
                "Backend is implemented by the engine only (@ProviderType): " + backend.suggestedVersion);
        assertEquals(backend.olderVersion.getMinor() + 1, backend.suggestedVersion.getMinor());
        Baseline.Info spi = info(baseline(now, without(now, "org.lamina.spi.Loss", Delta.MAJOR)), "org.lamina.spi");
        assertEquals(spi.olderVersion.getMajor() + 1, spi.suggestedVersion.getMajor(),
                "plugins implement Loss (@ConsumerType): a new method breaks them, " + spi.suggestedVersion);
    }

    /** {@code now}'s API without the first method of {@code type} whose addition bnd rates {@code added}. */
    private static Api without(Api now, String type, Delta added) {
        Tree.Data older = copy(now.tree());
        Tree.Data t = find(older, type);
        Tree.Data m = Arrays.stream(t.children).filter(c -> c.type == Type.METHOD && c.add == added).findFirst()
                .orElseThrow(() -> new AssertionError(type + " has no method whose addition is " + added));
        t.children = Arrays.stream(t.children).filter(c -> c != m).toArray(Tree.Data[]::new);
        return new Api(now.versions(), older);
    }

    /**
     * Whether the package's version is below the one its changes demand. bnd's own flag
     * ({@code Info.mismatch}) leaves packages below 1.0 alone (semver's "anything may change"), but
     * the import ranges bnd writes for them ({@code [0.3,1)}) would wire a consumer to a breaking 0.4,
     * so here a 0.x package follows the same rule as any other: a breaking change makes it 1.0.
     */
    static boolean tooLow(Baseline.Info i) {
        return i.mismatch || i.suggestedVersion != null && i.newerVersion != null
                && i.newerVersion.compareTo(i.suggestedVersion) < 0;
    }

    private static Baseline.Info info(Set<Baseline.Info> infos, String pkg) {
        return infos.stream().filter(i -> i.packageName.equals(pkg)).findFirst()
                .orElseThrow(() -> new AssertionError("no baseline of " + pkg));
    }

    private static Set<Baseline.Info> baseline(Api newer, Api older) throws Exception {
        DiffPluginImpl differ = new DiffPluginImpl();
        try (Processor reporter = new Processor()) {
            return new Baseline(reporter, differ).baseline(differ.deserialize(newer.tree()), newer.exports(),
                    differ.deserialize(older.tree()), older.exports(), new Instructions("*"));
        }
    }

    /** The API of the engine as built ({@code target/classes}, with the manifest bnd wrote there). */
    static Api current() throws Exception {
        Parameters exports = manifestExports();
        Map<String, String> versions = new TreeMap<>();
        exports.forEach((pkg, a) -> {
            if (a.get(INTERNAL) == null) {
                versions.put(pkg, a.getVersion());
            }
        });
        try (Jar jar = new Jar("lamina-engine", CLASSES.toFile())) {
            Tree.Data bundle = new DiffPluginImpl().tree(jar).serialize();
            Tree.Data api = Arrays.stream(bundle.children).filter(c -> c.type == Type.API).findFirst().orElseThrow();
            api.children = Arrays.stream(api.children).filter(p -> versions.containsKey(p.name))
                    .toArray(Tree.Data[]::new);
            bundle.children = new Tree.Data[] {api};
            return new Api(versions, bundle);
        }
    }

    private static Parameters manifestExports() throws IOException {
        return new Parameters(manifest().getValue("Export-Package"));
    }

    private static Attributes manifest() throws IOException {
        File mf = CLASSES.resolve("META-INF/MANIFEST.MF").toFile();
        assertTrue(mf.isFile(), mf + " (bnd-maven-plugin writes it in process-classes)");
        try (var in = Files.newInputStream(mf.toPath())) {
            return new Manifest(in).getMainAttributes();
        }
    }

    // The record: "export PACKAGE VERSION" lines, then the tree, one element a line, indented by depth:
    // TYPE ADD REMOVE NAME [TAB COMMENT], with backslash, tab and line breaks escaped.

    static String write(Api api) throws IOException {
        StringBuilder sb = new StringBuilder("# The engine's exported API and SPI, compared by ApiBaselineTest "
                + "(docs/development.md).\n# Recorded from lamina-engine " + manifest().getValue("Bundle-Version")
                + " on " + LocalDate.now() + "; regenerate only for a release.\n");
        api.versions().forEach((p, v) -> sb.append("export ").append(p).append(' ').append(v).append('\n'));
        write(api.tree(), 0, sb);
        return sb.toString();
    }

    private static void write(Tree.Data d, int depth, StringBuilder sb) {
        sb.append(" ".repeat(depth)).append(d.type).append(' ').append(d.add).append(' ').append(d.rem).append(' ')
                .append(escape(d.name));
        if (d.comment != null) {
            sb.append('\t').append(escape(d.comment));
        }
        sb.append('\n');
        for (Tree.Data c : d.children == null ? new Tree.Data[0] : d.children) {
            write(c, depth + 1, sb);
        }
    }

    static Api read(String text) {
        Map<String, String> versions = new TreeMap<>();
        Deque<List<Tree.Data>> levels = new ArrayDeque<>();
        Deque<Tree.Data> parents = new ArrayDeque<>();
        Tree.Data root = null;
        int n = 0;
        for (String line : text.split("\n")) {
            n++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                String[] f = line.split(" ");
                versions.put(f[1], f[2]);
                continue;
            }
            int depth = 0;
            while (line.charAt(depth) == ' ') {
                depth++;
            }
            String[] f = line.substring(depth).split(" ", 4);
            if (f.length < 4) {
                throw new IllegalArgumentException(RECORD + ": line " + n + " is not TYPE ADD REMOVE NAME");
            }
            Tree.Data d = new Tree.Data();
            d.type = Type.valueOf(f[0]);
            d.add = Delta.valueOf(f[1]);
            d.rem = Delta.valueOf(f[2]);
            int tab = f[3].indexOf('\t');
            d.name = unescape(tab < 0 ? f[3] : f[3].substring(0, tab));
            d.comment = tab < 0 ? null : unescape(f[3].substring(tab + 1));
            while (parents.size() > depth) {
                Tree.Data done = parents.pop();
                done.children = levels.pop().toArray(Tree.Data[]::new);
            }
            if (depth == 0) {
                root = d;
            } else {
                levels.peek().add(d);
            }
            parents.push(d);
            levels.push(new ArrayList<>());
        }
        while (!parents.isEmpty()) {
            parents.pop().children = levels.pop().toArray(Tree.Data[]::new);
        }
        return new Api(versions, root);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                sb.append(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Tree.Data copy(Tree.Data d) {
        Tree.Data c = new Tree.Data();
        c.name = d.name;
        c.type = d.type;
        c.add = d.add;
        c.rem = d.rem;
        c.comment = d.comment;
        c.children = d.children == null ? new Tree.Data[0]
                : Arrays.stream(d.children).map(ApiBaselineTest::copy).toArray(Tree.Data[]::new);
        return c;
    }

    private static Tree.Data find(Tree.Data d, String name) {
        if ((d.type == Type.CLASS || d.type == Type.INTERFACE) && d.name.equals(name)) {
            return d;
        }
        for (Tree.Data c : d.children == null ? new Tree.Data[0] : d.children) {
            Tree.Data f = find(c, name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The leaf changes of a package's diff, one a line, at most 40. */
    private static String changes(Diff diff) {
        List<String> out = new ArrayList<>();
        collect(diff, "", out);
        return String.join("\n", out.subList(0, Math.min(40, out.size())))
                + (out.size() > 40 ? "\n  ... " + (out.size() - 40) + " more" : "");
    }

    private static void collect(Diff d, String path, List<String> out) {
        if (d.getDelta() == Delta.UNCHANGED || d.getDelta() == Delta.IGNORED) {
            return;
        }
        String here = path.isEmpty() ? d.getName() : path + " " + d.getName();
        if (d.getDelta() == Delta.ADDED || d.getDelta() == Delta.REMOVED) {
            out.add("  " + d.getDelta() + " " + d.getType() + " " + here); // the element itself, not its parts
            return;
        }
        boolean leaf = true;
        for (Diff c : d.getChildren()) {
            if (c.getDelta() != Delta.UNCHANGED && c.getDelta() != Delta.IGNORED) {
                leaf = false;
                collect(c, here, out);
            }
        }
        if (leaf) {
            out.add("  " + d.getDelta() + " " + d.getType() + " " + here);
        }
    }
}
