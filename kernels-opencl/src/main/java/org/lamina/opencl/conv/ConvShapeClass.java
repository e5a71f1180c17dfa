package org.lamina.opencl.conv;

import org.lamina.geometry.ConvGeometry;

/**
 * The class of a convolution's geometry that algorithm choice depends on, as a short key such as
 * {@code 3x3-s1-d1-dense-r256-k32-p1024}: kernel size, stride and dilation (one or more than one),
 * grouping (dense, grouped, depthwise), and buckets of the product's sizes (rows of the unfolded
 * input {@code C/groups*kH*kW}, output channels per group, output positions). Geometries of one class
 * run their passes with the same algorithms; a tuned file stores one choice per class.
 */
public final class ConvShapeClass {
    private ConvShapeClass() {
    }

    public static String of(ConvGeometry g) {
        String kernel = g.kh() == g.kw() && (g.kh() == 1 || g.kh() == 3 || g.kh() == 5) ? g.kh() + "x" + g.kw()
                : "other";
        String stride = g.sh() == 1 && g.sw() == 1 ? "s1" : "s2";
        String dilation = g.dh() == 1 && g.dw() == 1 ? "d1" : "d2";
        String grouping = g.isDepthwise() ? "depthwise" : g.groups() > 1 ? "grouped" : "dense";
        long rows = (long) g.cPerGroup() * g.kh() * g.kw();
        return kernel + "-" + stride + "-" + dilation + "-" + grouping + "-r" + bucket(rows, 32, 256, 1024) + "-k"
                + bucket(g.kPerGroup(), 8, 32, 128) + "-p" + bucket((long) g.ho() * g.wo(), 64, 256, 1024);
    }

    /** The first bound not below {@code v}, or the last bound followed by a plus. */
    private static String bucket(long v, long... bounds) {
        for (long b : bounds) {
            if (v <= b) {
                return Long.toString(b);
            }
        }
        return bounds[bounds.length - 1] + "+";
    }
}
