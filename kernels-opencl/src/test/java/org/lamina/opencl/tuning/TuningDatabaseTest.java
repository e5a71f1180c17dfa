package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.activation.ActivationKernels;
import org.lamina.opencl.batchnorm.BatchNormKernels;
import org.lamina.opencl.conv.Conv2dKernels;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.conv.DepthwiseConv2dKernels;
import org.lamina.opencl.conv.DilationPhases;
import org.lamina.opencl.conv.Im2colConv2dKernels;
import org.lamina.opencl.conv.WinogradConv2dKernels;
import org.lamina.opencl.dense.DenseKernels;
import org.lamina.opencl.dropout.DropoutKernels;
import org.lamina.opencl.elementwise.ElementwiseKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.loss.LossKernels;
import org.lamina.opencl.lrn.LocalResponseNormKernels;
import org.lamina.opencl.optim.OptimizerKernels;
import org.lamina.opencl.pooling.PoolingKernels;
import org.lamina.opencl.regularize.RegularizationKernels;

/** The tuning database without a device: lookup order, the built-in entries, malformed entries. */
class TuningDatabaseTest {
    static DeviceDescription device(String vendor, DeviceType type, String name) {
        return new DeviceDescription(vendor, type, name, name + "|driver 1", 1024, 40, type == DeviceType.GPU,
                type == DeviceType.GPU ? 49152 : 262144);
    }

    static final DeviceDescription RTX3080 = device("NVIDIA Corporation", DeviceType.GPU, "NVIDIA GeForce RTX 3080");
    static final DeviceDescription RTX2080 = device("NVIDIA Corporation", DeviceType.GPU, "NVIDIA GeForce RTX 2080");
    static final DeviceDescription RADEON = device("Advanced Micro Devices, Inc.", DeviceType.GPU, "gfx1030");
    static final DeviceDescription ARC = device("Intel(R) Corporation", DeviceType.GPU, "Intel(R) Arc(TM) A770 Graphics");
    static final DeviceDescription OCLGRIND = device("University of Bristol", DeviceType.GPU, "Oclgrind Simulator");
    static final DeviceDescription POCL = new DeviceDescription("AuthenticAMD", DeviceType.CPU,
            "pthread-znver3-AMD EPYC 7B13", "pocl", 4096, 2, false, 4194304);
    static final DeviceDescription FPGA = device("Xilinx", DeviceType.ACCELERATOR, "xilinx_u250");
    static final DeviceDescription CUSTOM = device("Someone", DeviceType.CUSTOM, "a custom device");

    private static String entry(String device, int workGroup, String more) {
        return "{\"format\": 2, \"device\": " + device + ", \"parameters\": {\"elementwise\": {\"workGroup\": "
                + workGroup + more + "}}}";
    }

    /** Five levels, each setting elementwise.workGroup to its own value; items only in generic. */
    private static TuningDatabase levels() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("exact.json", entry("{\"type\": \"gpu\", \"vendor\": \"NVIDIA\", \"device\": \"NVIDIA GeForce RTX 3080\"}", 5, ""));
        files.put("generic.json", entry("{}", 1, ", \"items\": 4"));
        files.put("arch.json", entry("{\"type\": \"gpu\", \"vendor\": \"nvidia\", \"architecture\": \"ampere\", "
                + "\"names\": \"RTX 30[0-9]0|A100\"}", 4, ""));
        files.put("gpu.json", entry("{\"type\": \"gpu\"}", 2, ""));
        files.put("vendor.json", entry("{\"type\": \"gpu\", \"vendor\": \"nvidia\"}", 3, ""));
        return TuningDatabase.of(files);
    }

    private static List<String> keys(TuningLookup l) {
        return l.chain().stream().map(TuningLookup.Applied::key).toList();
    }

    @Test
    void theMostSpecificEntryWinsParameterByParameter() {
        TuningDatabase db = levels();
        TuningLookup l = db.lookup(RTX3080);
        assertEquals(List.of("nvidia/gpu/NVIDIA GeForce RTX 3080", "nvidia/gpu/ampere", "nvidia/gpu", "gpu", "generic"),
                keys(l));
        assertEquals(List.of(DeviceMatch.Level.EXACT, DeviceMatch.Level.ARCHITECTURE, DeviceMatch.Level.VENDOR_TYPE,
                DeviceMatch.Level.TYPE, DeviceMatch.Level.GENERIC),
                l.chain().stream().map(a -> a.table().device().level()).toList());
        ElementwiseKernels.Tuning t = l.tuning(ElementwiseKernels.Tuning.SPEC);
        assertEquals(new ElementwiseKernels.Tuning(4, 5), t);
        assertEquals("exact.json", l.parameters(ElementwiseKernels.FAMILY).origin("workGroup"));
        assertEquals("generic.json", l.parameters(ElementwiseKernels.FAMILY).origin("items"));

        // Another architecture of the vendor: vendor and type, then type, then generic.
        assertEquals(List.of("nvidia/gpu", "gpu", "generic"), keys(db.lookup(RTX2080)));
        assertEquals(3, db.lookup(RTX2080).tuning(ElementwiseKernels.Tuning.SPEC)
                .workGroup());
        // An A100 by name pattern (case-insensitive), another vendor's GPU by type, a CPU by nothing.
        assertEquals("nvidia/gpu/ampere", db.lookup(device("NVIDIA", DeviceType.GPU, "nvidia a100-sxm4")).first()
                .key());
        assertEquals(List.of("gpu", "generic"), keys(db.lookup(RADEON)));
        assertEquals(List.of("generic"), keys(db.lookup(POCL)));
        assertEquals(1, db.lookup(POCL).tuning(ElementwiseKernels.Tuning.SPEC).workGroup());
        assertEquals("tuning: database entry nvidia/gpu (then gpu, generic)", db.lookup(RTX2080).describe());

        // An architecture the driver tells (NVIDIA's compute capability), without a name pattern.
        TuningDatabase withSm90 = TuningDatabase.of(Map.of("generic.json", entry("{}", 1, ", \"items\": 4"),
                "hopper.json", entry("{\"type\": \"gpu\", \"vendor\": \"nvidia\", \"architecture\": \"sm_90\"}", 7, "")));
        DeviceDescription h100 = new DeviceDescription("nvidia", DeviceType.GPU, "NVIDIA H100 80GB HBM3", "h100", 1024,
                132, true, 49152, "sm_90");
        assertEquals(List.of("nvidia/gpu/sm_90", "generic"), keys(withSm90.lookup(h100)));
        assertEquals(List.of("generic"), keys(withSm90.lookup(RTX3080)), "no architecture reported: no match");

        // A tuned file comes before every entry.
        TuningTable tuned = new TuningTable(DeviceMatch.exact(RTX3080), RTX3080.cacheKey(), null,
                Map.of(ElementwiseKernels.FAMILY, Map.of("workGroup", 6L)), Map.of());
        TuningLookup withTuned = db.lookup(RTX3080, tuned, "/home/u/.cache/lamina/tuning/rtx.json");
        assertEquals("tuned file", withTuned.first().kind());
        assertTrue(withTuned.describe().startsWith("tuning: tuned file /home/u/.cache/lamina/tuning/rtx.json"),
                withTuned.describe());
        assertEquals(6, withTuned.tuning(ElementwiseKernels.Tuning.SPEC).workGroup());
    }

    @Test
    void vendorsAreReducedToOneName() {
        assertEquals("nvidia", DeviceDescription.vendorKey("NVIDIA Corporation"));
        assertEquals("amd", DeviceDescription.vendorKey("Advanced Micro Devices, Inc."));
        assertEquals("amd", DeviceDescription.vendorKey("AuthenticAMD"));
        assertEquals("amd", DeviceDescription.vendorKey("AMD"));
        assertEquals("intel", DeviceDescription.vendorKey("Intel(R) Corporation"));
        assertEquals("intel", DeviceDescription.vendorKey("GenuineIntel"));
        assertEquals("arm", DeviceDescription.vendorKey("ARM"));
        assertEquals("university-of-bristol", DeviceDescription.vendorKey("University of Bristol"));
        assertEquals("the-pocl-project", DeviceDescription.vendorKey(" The pocl project "));
    }

    @Test
    void theBuiltInEntriesCoverEveryDeviceClassAndBuildEveryFamily() {
        TuningDatabase db = TuningDatabase.builtIn();
        Map<DeviceDescription, String> expected = new LinkedHashMap<>();
        expected.put(RTX3080, "nvidia/gpu");
        expected.put(RADEON, "amd/gpu");
        expected.put(ARC, "intel/gpu");
        expected.put(OCLGRIND, "gpu");
        expected.put(POCL, "cpu");
        expected.put(FPGA, "accelerator");
        expected.put(CUSTOM, "generic");
        for (Map.Entry<DeviceDescription, String> e : expected.entrySet()) {
            TuningLookup l = db.lookup(e.getKey());
            assertEquals(e.getValue(), l.first().key(), e.getKey().name());
            assertEquals("generic", l.chain().get(l.chain().size() - 1).key());
            for (TuningSpec<?> f : KernelFamilies.all().values()) {
                assertNotNull(l.tuning(f), f.family() + " on " + e.getKey().name());
            }
        }
        // The generic entry sets every parameter of every family (each family reads all it is given,
        // and a family missing a parameter fails above): the families are exactly the registry's.
        TuningTable generic = db.entries().stream().map(TuningDatabase.Entry::table)
                .filter(t -> t.device().level() == DeviceMatch.Level.GENERIC).findFirst().orElseThrow();
        assertEquals(KernelFamilies.all().keySet(), generic.parameters().keySet());
    }

    @Test
    void gpuEntriesFitEveryGpu() {
        for (TuningDatabase.Entry e : TuningDatabase.builtIn().entries()) {
            for (Map.Entry<String, Map<String, Object>> f : e.table().parameters().entrySet()) {
                for (Map.Entry<String, Object> v : f.getValue().entrySet()) {
                    String name = v.getKey();
                    if (name.endsWith("orkGroup") || name.equals("lanes")) {
                        assertTrue((Long) v.getValue() <= 256, e.file() + ": " + f.getKey() + "." + name + " = "
                                + v.getValue() + " is more than 256 work-items");
                    }
                }
            }
            // GEMM as each GPU-capable entry leaves it for a GPU (dedicated local memory, large work-groups).
            DeviceDescription gpu = device("x", DeviceType.GPU, "x");
            TuningLookup l = TuningDatabase.builtIn().lookup(gpu, e.table(), e.file());
            GemmKernels.Tuning g = l.tuning(GemmKernels.Tuning.SPEC);
            assertTrue(g.workGroup() <= 256, e.file() + ": gemm work-group " + g.workGroup());
            long localBytes = 4L * g.ku() * ((long) g.wgm() * g.tm() + (long) g.wgn() * g.tn());
            if (g.local()) {
                assertTrue(localBytes <= 32 * 1024, e.file() + ": gemm needs " + localBytes + " bytes of local memory");
            }
        }
        for (DeviceDescription d : List.of(RTX3080, RADEON, ARC, OCLGRIND)) {
            assertTrue(TuningDatabase.builtIn().lookup(d).tuning(GemmKernels.Tuning.SPEC).local(),
                    "local-memory GEMM on " + d.name());
        }
    }

    /**
     * The CPU entry and the generic GPU settings are what the launchers chose before the database (the
     * formulas of their old {@code defaults}, written out here), so results and speed on pocl and
     * Oclgrind are unchanged.
     */
    @Test
    void cpuAndUnknownGpuSettingsAreThoseOfBefore() {
        for (DeviceDescription d : List.of(POCL, OCLGRIND, device("x", DeviceType.GPU, "small").withMaxWorkGroup(32))) {
            boolean cpu = d.type() == DeviceType.CPU;
            int wg = (int) Math.max(1, Math.min(64, d.maxWorkGroupSize()));
            int reduce = Integer.highestOneBit(wg);
            TuningLookup l = TuningDatabase.builtIn().lookup(d);
            int side = wg >= 64 ? 8 : wg >= 16 ? 4 : 1;
            GemmKernels.Tuning gemm = cpu ? new GemmKernels.Tuning(4, 64, 16, 4, false, 1, wg, true)
                    : new GemmKernels.Tuning(4, 4, 4, 8, d.localMemDedicated(), side, side, false);
            if (wg >= 64 || cpu) { // a device of 32 work-items gets 8x4 instead of 4x4: more of the device
                assertEquals(gemm, l.tuning(GemmKernels.Tuning.SPEC), d.name());
            }
            assertEquals(cpu ? new Conv2dKernels.Tuning(4, 8, 4, 8, wg, reduce) : new Conv2dKernels.Tuning(4, 4, 4, 4, wg,
                    reduce), l.tuning(Conv2dKernels.Tuning.SPEC));
            assertEquals(cpu ? new DepthwiseConv2dKernels.Tuning(8, 8, wg, 8) : new DepthwiseConv2dKernels.Tuning(4, 4,
                    wg, 4), l.tuning(DepthwiseConv2dKernels.Tuning.SPEC));
            assertEquals(new Im2colConv2dKernels.Tuning((int) Math.min(16, d.maxWorkGroupSize()), 1L << 20,
                    8L * wg * Math.max(1, d.computeUnits()), wg, cpu ? 32 : 1),
                    l.tuning(Im2colConv2dKernels.Tuning.SPEC));
            assertEquals(new WinogradConv2dKernels.Tuning(8, (int) Math.min(2, d.maxWorkGroupSize()), 1L << 19),
                    l.tuning(WinogradConv2dKernels.Tuning.SPEC));
            assertEquals(new DilationPhases.Tuning(8, 16), l.tuning(DilationPhases.Tuning.SPEC));
            assertEquals(cpu ? new PoolingKernels.Tuning(8, 8, wg, reduce) : new PoolingKernels.Tuning(4, 4, wg, reduce),
                    l.tuning(PoolingKernels.Tuning.SPEC));
            assertEquals(new BatchNormKernels.Tuning(reduce, 4, wg), l.tuning(BatchNormKernels.Tuning.SPEC));
            assertEquals(new ActivationKernels.Tuning(4, wg, reduce), l.tuning(ActivationKernels.Tuning.SPEC));
            assertEquals(new ElementwiseKernels.Tuning(4, wg), l.tuning(ElementwiseKernels.Tuning.SPEC));
            assertEquals(new OptimizerKernels.Tuning(1, wg), l.tuning(OptimizerKernels.Tuning.SPEC));
            assertEquals(new DenseKernels.Tuning(1, wg), l.tuning(DenseKernels.Tuning.SPEC));
            assertEquals(new LossKernels.Tuning(reduce), l.tuning(LossKernels.Tuning.SPEC));
            assertEquals(cpu ? new LocalResponseNormKernels.Tuning(4, 16, wg) : new LocalResponseNormKernels.Tuning(2, 4,
                    wg), l.tuning(LocalResponseNormKernels.Tuning.SPEC));
            assertEquals(new DropoutKernels.Tuning(wg), l.tuning(DropoutKernels.Tuning.SPEC));
            assertEquals(new RegularizationKernels.Tuning(4, wg, reduce), l.tuning(RegularizationKernels.Tuning.SPEC));
            assertEquals(ConvSelector.Rules.forType(d.type()), l.selector().ruleThresholds());
            assertEquals(cpu ? new ConvSelector.Rules(16, 64) : new ConvSelector.Rules(0, 0),
                    l.tuning(ConvSelector.Rules.SPEC));
        }
    }

    @Test
    void aDeviceClassCanTurnWinogradOnThroughTheRules() {
        String generic = "{\"format\": 2, \"device\": {}, \"parameters\": {\"convRules\": "
                + "{\"winogradChannels\": 0, \"winogradFilterChannels\": 0}}}";
        String gpu = "{\"format\": 2, \"device\": {\"type\": \"gpu\", \"vendor\": \"amd\"}, \"parameters\": "
                + "{\"convRules\": {\"winogradChannels\": 32}}}";
        TuningDatabase db = TuningDatabase.of(Map.of("generic.json", generic, "amd.json", gpu));
        ConvGeometry wide = ConvGeometry.forward("t", new int[] {2, 64, 8, 8}, new int[] {64, 64, 3, 3},
                ConvParams.defaults().padding(1));
        ConvGeometry narrow = ConvGeometry.forward("t", new int[] {2, 16, 8, 8}, new int[] {16, 16, 3, 3},
                ConvParams.defaults().padding(1));
        ConvSelector amd = db.lookup(RADEON).selector();
        assertEquals(new ConvChoice(ConvAlgorithm.WINOGRAD, ConvAlgorithm.WINOGRAD, ConvAlgorithm.IM2COL_GEMM),
                amd.rule(wide));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), amd.rule(narrow));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), db.lookup(RTX3080).selector().rule(wide));
        // The built-in database: Winograd by rule on CPUs only, as before.
        assertEquals(ConvAlgorithm.WINOGRAD, TuningDatabase.builtIn().lookup(POCL).selector().forward(wide));
        assertEquals(ConvAlgorithm.IM2COL_GEMM, TuningDatabase.builtIn().lookup(RTX3080).selector().forward(wide));
    }

    @Test
    void malformedEntriesAreNamedWithTheirField() {
        String generic = entry("{}", 64, ", \"items\": 4");
        String[][] cases = {
            {"{\"format\": 2, \"device\": {\"vendor\": \"nvidia\"}}", "bad.json: device.vendor: 'nvidia' needs device.type"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\", \"architecture\": \"sm_90\"}}",
                "bad.json: device.architecture: 'sm_90' needs device.vendor"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\", \"vendor\": \"amd\", \"names\": \"gfx\"}}",
                "bad.json: device.names: needs device.architecture"},
            {"{\"format\": 2, \"device\": {\"type\": \"tpu\"}}", "bad.json: device.type: 'tpu' is not"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\", \"vendor\": \"amd\", \"architecture\": \"x\", "
                    + "\"names\": \"(\"}}", "bad.json: device.names: '(' is not a regular expression"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\"}, \"parameters\": {\"gemm\": 4}}",
                "bad.json: parameters.gemm: an object of parameters is expected"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\"}, \"parameters\": {\"gemm\": {\"tm\": \"four\"}}}",
                "bad.json: parameters.gemm.tm: \"four\" is not an integer or true/false"},
            {"{\"format\": 2, \"device\": {\"type\": \"gpu\"}, \"parameters\": {\"gem\": {\"tm\": 4}}}",
                "bad.json: parameters.gem: unknown kernel family"},
            {"{\"format\": 2}", "bad.json: device: missing"},
            {"{\"device\": {}}", "bad.json: format: missing"},
            {"{\"format\": 2, \"device\": {}}", "tuning database: 2 generic entries"},
        };
        for (String[] c : cases) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> TuningDatabase.of(Map.of("generic.json", generic, "bad.json", c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        // A value the family rejects, and a misspelt parameter, when the family's tuning is built.
        TuningDatabase db = TuningDatabase.of(Map.of("generic.json", generic, "gpu.json",
                "{\"format\": 2, \"device\": {\"type\": \"gpu\"}, \"parameters\": {\"elementwise\": {\"items\": 65}}}",
                "cpu.json",
                "{\"format\": 2, \"device\": {\"type\": \"cpu\"}, \"parameters\": {\"elementwise\": {\"itmes\": 8}}}"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> db.lookup(OCLGRIND).tuning(ElementwiseKernels.Tuning.SPEC));
        assertTrue(e.getMessage().contains("gpu.json") && e.getMessage().contains("parameters.elementwise")
                && e.getMessage().contains("items 65 is outside 1..64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> db.lookup(POCL).tuning(ElementwiseKernels.Tuning.SPEC));
        assertTrue(e.getMessage().startsWith("cpu.json: parameters.elementwise.itmes: unknown parameter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> db.lookup(POCL).tuning(DropoutKernels.Tuning.SPEC));
        assertTrue(e.getMessage().contains("parameter dropout.workGroup is set by none of the entries"), e.getMessage());
    }
}
