package org.lamina.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;

/** Freeze patterns: globs, regular expressions, parameter and layer names, and their errors. */
class FreezeTest {
    static Network net() {
        Graph g = new Graph("resnet-ish");
        Node x = g.input("image", 1, 8, 8);
        Node c = g.conv2d(x, 4, 3).pad(1).name("conv1").batchNorm().name("bn1");
        Node l = g.conv2d(c, 4, 3).pad(1).name("layer1.0.conv1");
        g.output(g.dense(g.flatten(l), 3).name("fc"));
        return g.build();
    }

    @Test
    void globsMatchAcrossDotsAndLayerNamesMatchTheirParameters() {
        Freeze f = Freeze.parse("--freeze", "layer1.*, conv1");
        assertTrue(f.matches("layer1.0.conv1", "layer1.0.conv1.weight"));
        assertTrue(f.matches("conv1", "conv1.bias"));
        assertFalse(f.matches("bn1", "bn1.weight"));
        assertFalse(f.matches("fc", "fc.weight"));
        Freeze q = Freeze.parse("--freeze", "conv?.weight");
        assertTrue(q.matches("conv1", "conv1.weight"));
        assertFalse(q.matches("conv1", "conv1.bias"));
        assertFalse(q.matches("layer1.0.conv1", "layer1.0.conv1.weight"), "a glob matches the whole name");
    }

    @Test
    void regularExpressionsFreezeAllButTheHead() {
        Network frozen = Freeze.parse("--freeze", "re:(?!fc\\b).*").apply("--freeze", net(), true);
        assertEquals(Set.of("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight",
                "layer1.0.conv1.bias"), frozen.frozenParameters());
        assertEquals(4 * 8 * 8 * 3 + 3, frozen.trainableParameterCount());
        assertTrue(frozen.inferenceInTraining("bn1"));
        assertFalse(Freeze.parse("--freeze", "re:(?!fc\\b).*").apply("--freeze", net(), false).inferenceInTraining("bn1"));
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Freeze.parse("--freeze", "features.*").apply("--freeze", net(), true));
        assertEquals("--freeze: 'features.*' matches no learned parameter of resnet-ish (its layers: conv1, bn1,"
                + " layer1.0.conv1, fc; parameters are named LAYER.weight, LAYER.bias)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Freeze.parse("--freeze", "conv1,,fc"));
        assertTrue(e.getMessage().startsWith("--freeze: 'conv1,,fc' has an empty pattern"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Freeze.parse("--freeze", "re:layer(1"));
        assertTrue(e.getMessage().startsWith("--freeze: 're:layer(1' is not a regular expression ("), e.getMessage());
    }
}
