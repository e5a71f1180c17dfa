package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@value ClContext#BUILD_FLAGS_VARIABLE}: compiler flags only, each named when it is not one. */
class BuildFlagsTest {
    @Test
    void onlyOpenClCompilerFlagsAreAccepted() {
        assertEquals("", ClContext.buildFlags(null));
        assertEquals("", ClContext.buildFlags("  "));
        assertEquals(" -cl-opt-disable", ClContext.buildFlags("-cl-opt-disable"));
        assertEquals(" -cl-opt-disable -cl-std=CL1.2", ClContext.buildFlags(" -cl-opt-disable   -cl-std=CL1.2 "));
        var e = assertThrows(IllegalArgumentException.class, () -> ClContext.buildFlags("-cl-opt-disable -DX=1"));
        assertTrue(e.getMessage().contains(ClContext.BUILD_FLAGS_VARIABLE) && e.getMessage().contains("-DX=1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClContext.buildFlags("-cl-x;rm"));
    }
}
