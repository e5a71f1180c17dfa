package org.lamina.opencl.conv;

import java.util.Locale;
import org.lamina.geometry.ConvGeometry;

/**
 * The class of a convolution's geometry that algorithm choice depends on: kernel size, stride and
 * dilation (one or more than one), grouping (dense, grouped, depthwise), and buckets of the product's
 * sizes (rows of the unfolded input {@code C/groups*kH*kW}, output channels per group, output
 * positions). Geometries of one class run their passes with the same algorithms; a tuned file stores
 * one choice per class under its {@link #key()}, such as {@code 3x3-s1-d1-dense-r256-k32-p1024}.
 *
 * @param kernel {@code 1x1}, {@code 3x3}, {@code 5x5} or {@code other}
 * @param strided whether either stride is more than one
 * @param dilated whether either dilation is more than one
 * @param grouping dense, grouped or depthwise
 * @param rows the bucket of the unfolded input's rows ({@code 32}, ..., {@code 1024+})
 * @param channels the bucket of the output channels per group
 * @param positions the bucket of the output positions
 */
public record ConvShapeClass(String kernel, boolean strided, boolean dilated, Grouping grouping, String rows,
        String channels, String positions) {

    /** How the channels are grouped. */
    public enum Grouping {
        DENSE, GROUPED, DEPTHWISE
    }

    /** The class of {@code g}. */
    public static ConvShapeClass of(ConvGeometry g) {
        String kernel = g.kh() == g.kw() && (g.kh() == 1 || g.kh() == 3 || g.kh() == 5) ? g.kh() + "x" + g.kw()
                : "other";
        Grouping grouping = g.isDepthwise() ? Grouping.DEPTHWISE : g.groups() > 1 ? Grouping.GROUPED : Grouping.DENSE;
        long rows = (long) g.cPerGroup() * g.kh() * g.kw();
        return new ConvShapeClass(kernel, g.sh() != 1 || g.sw() != 1, g.dh() != 1 || g.dw() != 1, grouping,
                bucket(rows, 32, 256, 1024), bucket(g.kPerGroup(), 8, 32, 128),
                bucket((long) g.ho() * g.wo(), 64, 256, 1024));
    }

    /** The key a tuned file stores the class under: {@code 3x3-s1-d1-dense-r256-k32-p1024}. */
    public String key() {
        return kernel + "-" + (strided ? "s2" : "s1") + "-" + (dilated ? "d2" : "d1") + "-"
                + grouping.name().toLowerCase(Locale.ROOT) + "-r" + rows + "-k" + channels + "-p" + positions;
    }

    @Override
    public String toString() {
        return key();
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
