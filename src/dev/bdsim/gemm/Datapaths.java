package dev.bdsim.gemm;

import dev.bdsim.ProjectHome;
import dev.bdsim.BadInputException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shipped datapath netlist of each format, under {@code rtl-models/datapaths/}. */
public final class Datapaths {
    private static final String FOLDER = "rtl-models/datapaths";
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("dialectfp4", "dialectfp4.bdn");
        FILES.put("dialectfp4-exh", "dialectfp4.bdn");
        FILES.put("mxfp4", "mxfp4.bdn");
        FILES.put("nvfp4", "nvfp4.bdn");
        FILES.put("int4", "int4.bdn");
        FILES.put("mxfp6-e2m3", "mxfp6.bdn");
        FILES.put("mxfp6-e3m2", "mxfp6_e3m2.bdn");
        FILES.put("mxfp8-e4m3", "mxfp8.bdn");
        FILES.put("mxfp8-e5m2", "mxfp8_e5m2.bdn");
        FILES.put("mxint8", "mxint8.bdn");
        FILES.put("int8", "int8.bdn");
        FILES.put("fp16", "fp16.bdn");
        FILES.put("nf4", "nf4.bdn");
        FILES.put("nf4-dq", "nf4_dq.bdn");
        FILES.put("bnb-fp4", "bnb_fp4.bdn");
        for (int bits = 2; bits <= 4; bits++) {
            FILES.put("hqq-int" + bits, "int" + bits + "_asym.bdn");
            FILES.put("minmax-int" + bits, "int" + bits + "_asym.bdn");
        }
        FILES.put("int8-channel", "int8_channel.bdn");
        FILES.put("aq-2x8", "aq_2x8.bdn");
    }

    private Datapaths() {}

    /** The shipped datapaths' folder, from the project home. */
    public static Path dir() {
        return ProjectHome.file(FOLDER);
    }

    /** Format ids with a shipped datapath. */
    public static java.util.Set<String> formats() {
        return java.util.Collections.unmodifiableSet(FILES.keySet());
    }

    /** The shipped datapath of a format, found from the project home. */
    public static Path of(String formatId) {
        return ProjectHome.file(shipped(formatId).toString());
    }

    /** The shipped datapath of a format relative to the project home, as result files record it. */
    public static Path shipped(String formatId) {
        String file = FILES.get(formatId);
        if (file == null) {
            throw new BadInputException("no shipped datapath for format " + formatId + "; datapaths exist for "
                    + String.join(", ", FILES.keySet()) + " (or give one with --netlist)");
        }
        return Path.of(FOLDER, file);
    }
}
