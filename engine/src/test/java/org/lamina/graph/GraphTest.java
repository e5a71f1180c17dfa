package org.lamina.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.layers.AddLayer;
import org.lamina.layers.Conv2dLayer;
import org.lamina.layers.Fused;
import org.lamina.layers.ReshapeLayer;

/** Building graphs: fluent chains, shapes, names, and the errors a wrong graph gets at build time. */
class GraphTest {

    static Network lenet() {
        Graph g = new Graph("lenet5");
        Node x = g.input("image", 1, 28, 28);
        Node y = g.conv2d(x, 6, 5).pad(2).relu().maxPool(2).conv2d(16, 5).relu().maxPool(2).dense(120).relu()
                .dense(84).relu().dense(10);
        g.output(y.name("logits"));
        return g.build();
    }

    @Test
    void aSequentialChainInfersEveryShape() {
        Network net = lenet();
        assertArrayEquals(new int[] {6, 28, 28}, net.node("conv1").shape());
        assertArrayEquals(new int[] {16, 5, 5}, net.node("pool2").shape());
        assertArrayEquals(new int[] {400}, net.node("flatten1").shape());
        assertArrayEquals(new int[] {10}, net.node("logits").shape());
        assertEquals(List.of("image"), net.inputs());
        assertEquals(List.of("logits"), net.outputs());
        // LeNet-5 with 28x28 inputs padded to 32x32: 156 + 2,416 + 48,120 + 10,164 + 850.
        assertEquals(61_706, net.trainableParameterCount());
        assertInstanceOf(Fused.class, net.node("conv1").layer(), "relu fused into the conv node");
        assertEquals("conv2d+relu", net.node("conv1").layer().type());
        assertEquals(List.of("conv1.weight", "conv1.bias"),
                net.parameters().stream().map(Network.Param::name).toList().subList(0, 2));
    }

    @Test
    void residualAndConcatenation() {
        Graph g = new Graph("blocks");
        Node x = g.input("x", 8, 16, 16);
        Node a = g.conv2d(x, 8, 3).pad(1).relu();
        Node b = g.add(a, x); // fan-out of x: conv and add
        Node c = g.concat(b, g.conv2d(b, 4, 1), g.maxPool(b, 3).stride(1).pad(1));
        g.output(c);
        Network net = g.build();
        assertArrayEquals(new int[] {20, 16, 16}, net.node(c.name()).shape());
        assertEquals("add", net.node(b.name()).layer().type());
    }

    @Test
    void aShapeMismatchNamesTheNodeItsInputsAndTheExpectation() {
        Graph g = new Graph("bad");
        Node x = g.input("x", 3, 8, 8);
        Node y = g.conv2d(x, 4, 3); // 4 x 6 x 6
        g.output(g.add(x, y));
        var e = assertThrows(IllegalArgumentException.class, g::build);
        assertTrue(e.getMessage().contains("node add1") && e.getMessage().contains("x [3, 8, 8]")
                && e.getMessage().contains("conv1 [4, 6, 6]") && e.getMessage().contains("one shape"), e.getMessage());

        Graph g2 = new Graph("small");
        Node s = g2.input("x", 1, 4, 4);
        g2.output(g2.conv2d(s, 2, 5).name("big"));
        e = assertThrows(IllegalArgumentException.class, g2::build);
        assertTrue(e.getMessage().contains("node big") && e.getMessage().contains("[1, 4, 4]")
                && e.getMessage().contains("empty"), e.getMessage());

        Graph g3 = new Graph("dense");
        Node v = g3.input("v", 10);
        e = assertThrows(IllegalArgumentException.class, () -> g3.conv2d(v, 2, 1).shape());
        assertTrue(e.getMessage().contains("[C, H, W]"), e.getMessage());

        Graph g4 = new Graph("reshape");
        Node r = g4.input("r", 2, 3, 4);
        assertArrayEquals(new int[] {6, 4}, r.reshape(6, 4).shape());
        e = assertThrows(IllegalArgumentException.class, () -> g4.reshape(r, 5, 5).shape());
        assertEquals("graph reshape: node reshape2 (reshape) with input r [2, 3, 4]: reshape to [5, 5] (25 values)"
                + " cannot take [2, 3, 4] (24 values)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReshapeLayer(4, 0));
        assertEquals("reshape: shape [4, 0] needs at least one dimension, each 1 or more", e.getMessage());
    }

    @Test
    void unknownInputsAndCyclesAreReportedAtBuild() {
        Graph g = new Graph("g");
        g.input("x", 2, 4, 4);
        g.node("a", new AddLayer(), "x", "nowhere");
        var e = assertThrows(IllegalArgumentException.class, g::build);
        assertTrue(e.getMessage().contains("unknown input 'nowhere'") && e.getMessage().contains("node a"),
                e.getMessage());

        Graph c = new Graph("loop");
        c.input("x", 2, 4, 4);
        c.node("a", new AddLayer(), "x", "b");
        c.node("b", new AddLayer(), "a", "x");
        e = assertThrows(IllegalArgumentException.class, c::build);
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("[a, b]"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new Graph("none").build());
    }

    @Test
    void nodesAreConfiguredBeforeTheyAreUsed() {
        Graph g = new Graph("g");
        Node x = g.input("x", 1, 8, 8);
        Conv2dNode conv = g.conv2d(x, 2, 3);
        conv.pad(1).stride(2);
        assertArrayEquals(new int[] {2, 4, 4}, conv.shape());
        g.relu(conv);
        assertThrows(IllegalStateException.class, () -> conv.pad(0));
        assertThrows(IllegalStateException.class, () -> conv.name("later"));
        assertThrows(IllegalArgumentException.class, () -> g.input("x", 1, 2, 2), "duplicate name");
        assertThrows(IllegalArgumentException.class, () -> g.input("bad name", 1));
        Conv2dLayer l = (Conv2dLayer) conv.layer();
        assertEquals(2, l.params().strideH());
    }

    @Test
    void receptiveFieldsGrowThroughTheNetwork() {
        Graph g = new Graph("rf");
        Node x = g.input("x", 1, 32, 32);
        Node c1 = g.conv2d(x, 4, 3).pad(1);
        Node c2 = c1.conv2d(4, 3).pad(1);
        Node p = c2.maxPool(2);
        Node c3 = p.conv2d(4, 3).pad(1);
        Node d = c3.conv2d(4, 3).pad(2).dilation(2);
        Node gp = d.globalAvgPool();
        g.output(gp);
        Summary s = g.build().summary();
        assertEquals(3, row(s, c1.name()).receptiveH());
        assertEquals(5, row(s, c2.name()).receptiveH());
        assertEquals(6, row(s, p.name()).receptiveH());
        assertEquals(10, row(s, c3.name()).receptiveH());
        assertEquals(18, row(s, d.name()).receptiveH(), "dilation 2 adds 2 * 2 taps of stride 2");
        assertEquals(-1, row(s, gp.name()).receptiveH());
        assertTrue(s.toString().contains("all"));
    }

    static Summary.Row row(Summary s, String name) {
        return s.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void vgg16HasTheWellKnownSizes() {
        Graph g = new Graph("vgg16");
        Node x = g.input("image", 3, 224, 224);
        Node y = x;
        int[][] stages = {{64, 2}, {128, 2}, {256, 3}, {512, 3}, {512, 3}};
        for (int[] st : stages) {
            for (int i = 0; i < st[1]; i++) {
                y = y.conv2d(st[0], 3).pad(1).relu();
            }
            y = y.maxPool(2);
        }
        y = y.dense(4096).relu().dropout(0.5).dense(4096).relu().dropout(0.5).dense(1000);
        g.output(y);
        Summary s = g.build().summary();
        assertEquals(138_357_544, s.parameters(), "torchvision's count");
        // Each layer's output once (ReLU in place), as the well-known table lists them: 15.2 million values.
        long values = 150_528 + 2 * 3_211_264 + 802_816 + 2 * 1_605_632 + 401_408 + 3 * 802_816 + 200_704
                + 3 * 401_408 + 100_352 + 3 * 100_352 + 25_088 + 4096 + 4096 + 4096 + 4096 + 1000;
        assertEquals(4 * values, s.forwardBytes());
        assertTrue(s.toString().contains("138,357,544"), s.toString());
    }
}
