package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The default device among described devices: no OpenCL needed. */
class DeviceChoiceTest {

    static DeviceProperties pocl(String kind, int cus) {
        return new DeviceProperties("Portable Computing Language", kind + "-skylake-avx512-AMD EPYC", "AuthenticAMD",
                DeviceType.CPU, cus, 2596, 24L << 30, 1 << 20, false, 8L << 30, 4096, List.of(4096L, 4096L, 4096L),
                "OpenCL C 1.2 PoCL", "OpenCL 3.0 PoCL", "3.1+debian", 8, true, true, 0);
    }

    static DeviceProperties oclgrind() {
        return new DeviceProperties("Oclgrind", "Oclgrind Simulator", "Oclgrind", DeviceType.GPU, 1, 1, 128L << 20,
                32768, true, 128L << 20, 1024, List.of(1024L, 1024L, 1024L), "OpenCL C 1.2", "OpenCL 1.2 (Oclgrind 21.10)",
                "Oclgrind 21.10", 0, true, true, 0);
    }

    static DeviceProperties gpu(String name, String vendor, int cus, int mhz, int cc) {
        return new DeviceProperties("Vendor platform", name, vendor, DeviceType.GPU, cus, mhz, 8L << 30, 49152, true,
                2L << 30, 1024, List.of(1024L, 1024L, 64L), "OpenCL C 1.2", "OpenCL 3.0", "1.0", 1, true, true, cc);
    }

    static List<Device> devices(DeviceProperties... props) {
        Device[] out = new Device[props.length];
        for (int i = 0; i < props.length; i++) {
            out[i] = Device.described(i, props[i]);
        }
        return List.of(out);
    }

    @Test
    void oclgrindIsNeverTheDefaultEvenListedFirstAsAGpu() {
        DeviceChoice c = DeviceChoice.among(devices(oclgrind(), pocl("pthread", 2)));
        assertEquals(1, c.device().orElseThrow().index());
        assertTrue(c.passedOver().get(0).contains("Oclgrind") && c.passedOver().get(0).contains("only when named"),
                c.passedOver().toString());
    }

    @Test
    void theMultiThreadedPoclDeviceBeatsTheBasicOne() {
        DeviceChoice c = DeviceChoice.among(devices(pocl("basic", 1), pocl("pthread", 2)));
        assertEquals(1, c.device().orElseThrow().index());
        assertTrue(c.reason().contains("2 cores x 8 lanes x 2.60 GHz x 2"), c.reason());
        assertTrue(c.passedOver().get(0).startsWith("#0") && c.passedOver().get(0).contains("slower"),
                c.passedOver().toString());
    }

    @Test
    void onlyPoclIsTheOnlyChoice() {
        DeviceChoice c = DeviceChoice.among(devices(pocl("pthread", 2)));
        assertEquals(0, c.device().orElseThrow().index());
        assertTrue(c.reason().startsWith("the only device"), c.reason());
    }

    @Test
    void onlyASimulatorMeansTheJavaBackend() {
        DeviceChoice c = DeviceChoice.among(devices(oclgrind()));
        assertTrue(c.device().isEmpty());
        assertTrue(c.reason().contains("Java backend"), c.reason());
        assertTrue(DeviceChoice.among(List.of()).device().isEmpty());
    }

    @Test
    void aRealGpuOutranksTheCpuWhereverItIsListed() {
        DeviceProperties h100 = gpu("NVIDIA H100 80GB HBM3", "NVIDIA Corporation", 132, 1980, 90);
        assertEquals(1, DeviceChoice.among(devices(pocl("pthread", 64), h100)).device().orElseThrow().index());
        assertEquals(0, DeviceChoice.among(devices(h100, pocl("pthread", 64))).device().orElseThrow().index());
        // Two GPUs: the faster by estimate, not the first.
        DeviceProperties uhd = gpu("Intel(R) UHD Graphics 630", "Intel(R) Corporation", 24, 1150, 0);
        DeviceProperties rx = gpu("gfx1100", "Advanced Micro Devices, Inc.", 48, 2371, 0);
        assertEquals(2, DeviceChoice.among(devices(uhd, pocl("pthread", 2), rx)).device().orElseThrow().index());
    }

    @Test
    void aGpuOfAnUnknownVendorIsGuessedAboveACpu() {
        DeviceProperties mystery = gpu("Mystery GPU", "Someone", 8, 800, 0);
        DeviceChoice c = DeviceChoice.among(devices(pocl("pthread", 8), mystery));
        assertEquals(1, c.device().orElseThrow().index());
        assertTrue(c.reason().contains("guessed"), c.reason());
    }

    @Test
    void acceleratorsAndCompilerlessDevicesComeLast() {
        DeviceProperties fpga = new DeviceProperties("Intel(R) FPGA SDK for OpenCL(TM)", "pac_a10", "Intel(R) Corporation",
                DeviceType.ACCELERATOR, 1, 240, 8L << 30, 16384, true, 2L << 30, 2048, List.of(2048L, 2048L, 2048L),
                "OpenCL C 1.0", "OpenCL 1.0", "20.1", 1, false, true, 0);
        DeviceChoice c = DeviceChoice.among(devices(fpga, pocl("basic", 1)));
        assertEquals(1, c.device().orElseThrow().index());
        assertTrue(c.passedOver().get(0).contains("no compiler"), c.passedOver().toString());
        assertEquals(0, DeviceChoice.among(devices(fpga)).device().orElseThrow().index(), "alone, it serves");
    }

    @Test
    void emulatorsAndUnavailableDevicesAreNotTheDefault() {
        DeviceProperties emu = new DeviceProperties("Intel(R) FPGA Emulation Platform for OpenCL(TM)",
                "Intel(R) FPGA Emulation Device", "Intel(R) Corporation", DeviceType.ACCELERATOR, 64, 2600, 8L << 30,
                262144, true, 2L << 30, 67108864, List.of(67108864L, 67108864L, 67108864L), "OpenCL C 1.2", "OpenCL 1.2",
                "2023", 1, true, true, 0);
        DeviceProperties off = new DeviceProperties("X", "Busy GPU", "NVIDIA Corporation", DeviceType.GPU, 100, 2000,
                8L << 30, 49152, true, 2L << 30, 1024, List.of(1024L), "OpenCL C 1.2", "OpenCL 3.0", "1", 1, true, false, 80);
        DeviceChoice c = DeviceChoice.among(devices(emu, off, pocl("pthread", 2)));
        assertEquals(2, c.device().orElseThrow().index());
        assertTrue(c.passedOver().get(0).contains("emulator"), c.passedOver().toString());
        assertTrue(c.passedOver().get(1).contains("unavailable"), c.passedOver().toString());
    }

    @Test
    void gpuPeaksCountTheLanesOfTheirComputeUnits() {
        assertEquals(132 * 128 * 1.98 * 2, peak(gpu("NVIDIA H100 80GB HBM3", "NVIDIA Corporation", 132, 1980, 90)), 1);
        assertEquals(108 * 64 * 1.41 * 2, peak(gpu("NVIDIA A100-SXM4-40GB", "NVIDIA Corporation", 108, 1410, 80)), 1);
        assertEquals(48 * 128 * 2.371 * 2, peak(gpu("gfx1100", "Advanced Micro Devices, Inc.", 48, 2371, 0)), 1);
        assertEquals(110 * 64 * 1.7 * 2, peak(gpu("gfx90a:sramecc+:xnack-", "Advanced Micro Devices, Inc.", 110, 1700, 0)),
                1);
        assertEquals(24 * 8 * 1.15 * 2, peak(gpu("Intel(R) UHD Graphics 630", "Intel(R) Corporation", 24, 1150, 0)), 1);
        Device noCc = Device.described(0, gpu("NVIDIA Mystery", "NVIDIA Corporation", 10, 1000, 0));
        assertTrue(noCc.peak().gflops().isEmpty());
        assertTrue(noCc.peak().how().contains("compute capability"), noCc.peak().how());
        assertTrue(Device.described(0, oclgrind()).peak().gflops().isEmpty());
    }

    private static double peak(DeviceProperties p) {
        return Device.described(0, p).peak().gflops().orElseThrow();
    }

    @Test
    void vendorsAreRecognizedHoweverDriversSpellThem() {
        assertEquals(Vendor.NVIDIA, Vendor.of("NVIDIA Corporation", "NVIDIA CUDA"));
        assertEquals(Vendor.AMD, Vendor.of("Advanced Micro Devices, Inc.", "AMD Accelerated Parallel Processing"));
        assertEquals(Vendor.AMD, Vendor.of("AuthenticAMD", "Portable Computing Language"));
        assertEquals(Vendor.INTEL, Vendor.of("Intel(R) Corporation", "Intel(R) OpenCL Graphics"));
        assertEquals(Vendor.INTEL, Vendor.of("GenuineIntel", "Portable Computing Language"));
        assertEquals(Vendor.OTHER, Vendor.of("Oclgrind", "Oclgrind"));
    }
}
