package org.lamina.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Initializers by name ({@code lamina train --init}) and a network's weights redrawn with one. */
class InitializerChoiceTest {

    @Test
    void namesAndAliases() {
        assertEquals("he_normal", Initializer.named("kaiming").describe());
        assertEquals("he_normal", Initializer.named("Kaiming_Normal").describe());
        assertEquals("he_uniform", Initializer.named("he-uniform").describe());
        assertEquals("xavier_uniform", Initializer.named("xavier").describe());
        assertEquals("xavier_normal", Initializer.named("glorot-normal").describe());
        assertEquals("pytorch_default", Initializer.named("pytorch").describe());
        assertEquals("gaussian(0.01)", Initializer.named("gaussian:0.01").describe());
        var e = assertThrows(IllegalArgumentException.class, () -> Initializer.named("lecun"));
        assertTrue(e.getMessage().contains("'lecun'") && e.getMessage().contains("kaiming-normal")
                && e.getMessage().contains("xavier-uniform"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializer.named("gaussian:wide"));
        assertTrue(e.getMessage().contains("'wide'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializer.named("gaussian:-1"));
    }

    @Test
    void weightsGetTheChosenInitializerAndTheRestKeepTheirs() {
        Network net = GraphTest.lenet();
        Network he = net.withWeightInitializer(Initializer.heNormal());
        assertEquals(net.trainableParameterCount(), he.trainableParameterCount());
        assertArrayEquals(net.node("logits").shape(), he.node("logits").shape());
        for (int i = 0; i < net.parameters().size(); i++) {
            Network.Param before = net.parameters().get(i), after = he.parameters().get(i);
            assertEquals(before.name(), after.name());
            assertArrayEquals(before.spec().shape(), after.spec().shape());
            if (before.name().endsWith(".weight")) {
                assertEquals("he_normal", after.spec().init().describe(), after.name());
                assertTrue(after.spec().regularized());
            } else {
                assertSame(before.spec().init(), after.spec().init(), after.name());
            }
        }
        assertEquals("pytorch_default", net.parameters().get(0).spec().init().describe(), "the original is unchanged");
        // he_normal draws with std sqrt(2 / fan_in): conv2's fan-in is 6 x 5 x 5
        ParamSpec conv2 = he.parameters().stream().filter(p -> p.name().equals("conv2.weight")).findFirst()
                .orElseThrow().spec();
        float[] v = new float[conv2.size()];
        conv2.init().fill(v, conv2, new SplittableRandom(1));
        double s2 = 0;
        for (float x : v) {
            s2 += x * x;
        }
        assertEquals(Math.sqrt(2.0 / 150), Math.sqrt(s2 / v.length), 0.05 * Math.sqrt(2.0 / 150));
    }
}
