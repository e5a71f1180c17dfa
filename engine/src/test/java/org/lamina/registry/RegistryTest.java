package org.lamina.registry;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;

class RegistryTest {

    /** Registered in this module's test resources, META-INF/services. */
    public static final class TinyArchitecture implements Architecture {
        @Override
        public String name() {
            return "tiny";
        }

        @Override
        public Network build(int[] inputShape, int classes, Options options) {
            Graph g = new Graph(name());
            g.output(g.input("image", inputShape).dense(classes));
            return g.build();
        }
    }

    @Test
    void findsServicesOnTheClassPath() {
        Registry r = Registry.fromClassPath();
        Architecture a = r.architecture("tiny");
        assertEquals(10, a.build(new int[] {1, 4, 4}, 10, Options.empty()).node("fc1").shape()[0]);
        assertTrue(r.list(Architecture.class).get(0).provider().contains("test-classes"));
    }

    @Test
    void unknownNamesListWhatThereIs() {
        Registry r = Registry.fromClassPath();
        var e = assertThrows(IllegalArgumentException.class, () -> r.architecture("giant"));
        assertEquals("unknown architecture 'giant'; available: tiny", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.loss("huber"));
        assertEquals("unknown loss 'huber'; none is installed", e.getMessage());
    }

    @Test
    void servicesComeAndGoWithNotice() {
        Registry r = new Registry();
        List<String> events = new ArrayList<>();
        r.addListener((kind, name, added) -> events.add((added ? "+" : "-") + name));
        TinyArchitecture t = new TinyArchitecture();
        assertTrue(r.register(Architecture.class, "tiny", t, "bundle 7"));
        assertFalse(r.register(Architecture.class, "tiny", new TinyArchitecture(), "bundle 8"));
        assertTrue(r.warnings().get(0).contains("bundle 8") && r.warnings().get(0).contains("bundle 7"));
        assertSame(t, r.architecture("tiny"));
        assertFalse(r.unregister(Architecture.class, "tiny", new TinyArchitecture()), "only the registered one");
        assertTrue(r.unregister(Architecture.class, "tiny", t));
        assertThrows(IllegalArgumentException.class, () -> r.architecture("tiny"));
        assertEquals(List.of("+tiny", "-tiny"), events);
        assertThrows(IllegalArgumentException.class, () -> r.register(String.class, "x", "y", "z"));
        assertTrue(r.list(Loss.class).isEmpty());
    }

    @Test
    void optionsParseAndComplain() {
        Options o = Options.parse("momentum=0.9, nesterov=true,steps=3");
        assertEquals(0.9, o.number("momentum", 0));
        assertTrue(o.flag("nesterov", false));
        assertEquals(3, o.integer("steps", 0));
        assertEquals(7, o.integer("absent", 7));
        var e = assertThrows(IllegalArgumentException.class, () -> Options.parse("momentum=fast").number("momentum", 0));
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("fast"));
        e = assertThrows(IllegalArgumentException.class, () -> o.requireOnly("sgd", Set.of("momentum")));
        assertTrue(e.getMessage().contains("[nesterov, steps]") && e.getMessage().contains("sgd"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("novalue"));
    }
}
