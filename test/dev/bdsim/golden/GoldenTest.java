package dev.bdsim.golden;

import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoldenTest {
    /** Every case under both engines: the compiled one (the default) and the event-driven kernel, each against the same file. */
    @ParameterizedTest
    @EnumSource(value = Simulator.Engine.class, names = {"COMPILED", "EVENT"})
    void everyShippedGoldenFileAgreesWithAFreshRun(Simulator.Engine engine) {
        List<Path> files = Golden.files(Path.of("traces", "golden"));
        assertEquals(GoldenCase.standard().size(), files.size());
        String before = System.getProperty(Simulator.Engine.PROPERTY);
        System.setProperty(Simulator.Engine.PROPERTY, engine.name().toLowerCase(java.util.Locale.ROOT));
        try {
            for (Path file : files) {
                Golden.Verdict v = Golden.verify(file);
                assertTrue(v.agrees(), engine + ", " + file + ":\n" + String.join("\n", v.differences()));
            }
        } finally {
            if (before == null) {
                System.clearProperty(Simulator.Engine.PROPERTY);
            } else {
                System.setProperty(Simulator.Engine.PROPERTY, before);
            }
        }
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** A one-entry change of the formatbook the datapath's decoders read: the diff names the first cycle and signal it changes. */
    @Test
    void aFlippedFormatbookEntryIsCaughtAndNamed(@TempDir Path dir) throws IOException {
        Path models = copyTree(Path.of("rtl-models"), dir.resolve("rtl-models"));
        GoldenCase c = GoldenCase.gemm("flip", models.resolve("datapaths/dialectfp4.bdn").toString(), "dialectfp4",
                "LANES=8 DEPTH=1", 2, 4);
        Path file = dir.resolve("flip.golden");
        GoldenFile.write(file, GoldenRunner.run(c, Path.of("")));
        assertTrue(Golden.verify(file).agrees());

        Path book = models.resolve("formatbooks/dialectfp4.fbk");
        String text = Files.readString(book);
        Files.writeString(book, text.replace(" 0: 0 1 2 3 4 6 11 15", " 0: 0 1 2 3 4 6 10 15"));
        Golden.Verdict v = Golden.verify(file);
        String report = String.join("\n", v.differences());
        assertTrue(report.contains("output stream: first difference in cycle ") && report.contains("signal acc"), report);
        assertTrue(v.differences().get(0).startsWith("input " + book.toAbsolutePath().normalize() + " changed since the golden file was recorded"),
                "the changed input comes first, naming the file: " + report);
        assertTrue(report.contains("metric outputs_sha256"), report);
        assertTrue(report.contains("component x_dec (DialectDecoder)") || report.contains("component w_dec (DialectDecoder)"), report);
    }

    @Test
    void aChangedMetricIsReportedWithItsDelta(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mxfp4.golden");
        Files.writeString(file, Files.readString(Path.of("traces/golden/mxfp4.golden")).replace("cycles = 195", "cycles = 190"));
        Golden.Verdict v = Golden.verify(file);
        assertEquals(List.of("metric cycles: golden 190, now 195 (+5)"), v.differences());
    }

    /** A cost-model change: --outputs-only still checks every output bit; a relative tolerance lets small cost drifts agree. */
    @Test
    void outputsOnlyAndATolerance(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("traces/golden/mxfp4.golden"));
        java.util.regex.Matcher area = java.util.regex.Pattern.compile("area_ge = ([0-9.]+)").matcher(text);
        assertTrue(area.find());
        double ge = Double.parseDouble(area.group(1));
        Path file = dir.resolve("mxfp4.golden");
        Files.writeString(file, text.replace("area_ge = " + area.group(1), String.format(java.util.Locale.ROOT, "area_ge = %.2f", ge * 1.005)));
        assertEquals(1, Golden.verify(file).differences().size(), "exact: the 0.5 % area change is a difference");
        assertTrue(Golden.verify(file, new GoldenDiff.Options(false, 0.01)).agrees(), "within 1 %");
        assertTrue(Golden.verify(file, new GoldenDiff.Options(true, 0)).agrees(), "outputs only");
        Files.writeString(file, text.replace("area_ge = " + area.group(1), String.format(java.util.Locale.ROOT, "area_ge = %.2f", ge * 1.02))
                .replace("cycles = 195", "cycles = 190"));
        assertEquals(List.of("metric cycles: golden 190, now 195 (+5)"), Golden.verify(file, new GoldenDiff.Options(true, 0)).differences(),
                "outputs only still checks the simulation's metrics");
        assertEquals(2, Golden.verify(file, new GoldenDiff.Options(false, 0.01)).differences().size(), "2 % is outside 1 %");
        assertThrows(BadInputException.class, () -> new GoldenDiff.Options(false, 1.5));
    }

    /** A wrong output: its cycle and signal, both values as bits and as FP32 floats, and how many events differ. */
    @Test
    void aWrongOutputShowsItsFloatAndTheCountOfDifferences(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("traces/golden/mxfp4.golden"));
        int events = text.indexOf("[events]");
        String tail = text.substring(events).replaceFirst("\n7,acc,1052180480\n", "\n7,acc,1065353216\n");
        Path file = dir.resolve("mxfp4.golden");
        Files.writeString(file, text.substring(0, events) + tail);
        String report = String.join("\n", Golden.verify(file).differences());
        assertTrue(report.contains("output stream: first difference in cycle 7, signal acc: golden 1065353216 (0x3f800000) = 1.0, now "
                + "1052180480 (0x" + Integer.toHexString(1052180480) + ") = " + Float.intBitsToFloat(1052180480)), report);
        assertTrue(report.contains("; 1 of the "), report);
    }

    @Test
    void aWrongEventCountIsADifference(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("int8.golden");
        String text = Files.readString(Path.of("traces/golden/int8.golden"));
        Files.writeString(file, text.replace("# total = 113,", "# total = 114,"));
        assertEquals(List.of("output stream: the golden file counts 114 events, the run has 113"), Golden.verify(file).differences());
    }

    /** A stream written by an RTL simulator: header and [events] only, hexadecimal values, every cycle listed. */
    @Test
    void anRtlOutputStreamIsAGoldenFileToo(@TempDir Path dir) throws IOException {
        GoldenResult fresh = GoldenFile.read(Path.of("traces/golden/int8.golden"));
        StringBuilder csv = new StringBuilder();
        fresh.goldenCase().header().forEach((k, val) -> csv.append(k).append(": ").append(val).append('\n'));
        csv.append("[events]\ncycle,signal,value\n");
        java.util.Map<String, java.math.BigInteger> now = new java.util.TreeMap<>();
        int next = 0;
        List<GoldenResult.Event> events = fresh.events();
        long lastCycle = events.get(events.size() - 1).cycle();
        for (long cycle = 0; cycle <= lastCycle; cycle++) {
            while (next < events.size() && events.get(next).cycle() == cycle) {
                now.put(events.get(next).signal(), events.get(next).value());
                next++;
            }
            for (var e : now.entrySet()) {
                csv.append(cycle).append(',').append(e.getKey()).append(",0x").append(e.getValue().toString(16)).append('\n');
            }
        }
        Path file = dir.resolve("rtl.golden");
        Files.writeString(file, csv);
        assertTrue(Golden.verify(file).agrees(), () -> String.join("\n", Golden.verify(file).differences()));

        GoldenResult.Event victim = events.get(events.size() / 2);
        String changed = csv.toString().lines().map(l -> l.equals(victim.cycle() + "," + victim.signal() + ",0x" + victim.value().toString(16))
                ? victim.cycle() + "," + victim.signal() + ",0x" + victim.value().add(java.math.BigInteger.ONE).toString(16) : l)
                .collect(Collectors.joining("\n"));
        Files.writeString(file, changed);
        String report = String.join("\n", Golden.verify(file).differences());
        assertTrue(report.startsWith("output stream: first difference in cycle " + victim.cycle() + ", signal " + victim.signal()), report);
    }

    @Test
    void aMalformedGoldenFileNamesTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.golden");
        Files.writeString(file, "case: x\nkind: gemm\n\n[metrics]\ncycles 12\n");
        BadInputException e = assertThrows(BadInputException.class, () -> GoldenFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ":5: expected 'name = value'"), e.getMessage());
        Files.writeString(file, "case: x\nkind: gemm\n");
        e = assertThrows(BadInputException.class, () -> GoldenFile.read(file));
        assertTrue(e.getMessage().contains("the header has no 'netlist:' line"), e.getMessage());
    }
}
