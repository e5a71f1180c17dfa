package org.lamina.spark;

import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;

/**
 * Per-pixel logits from two padded convolutions, for the Spark tests: a segmenter without batch
 * normalization (U-Net's uses each shard's statistics, so N shards do not compute one process's batch).
 */
public final class SegmenterArchitecture implements Architecture {
    @Override
    public String name() {
        return "spark-test-segmenter";
    }

    @Override
    public String description() {
        return "two padded convolutions, per-pixel logits (tests only)";
    }

    @Override
    public String task() {
        return "segment";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        g.output(g.conv2d(g.relu(g.conv2d(x, 4, 3).pad(1)), classes, 3).pad(1).name("mask"));
        return g.build();
    }
}
