package dev.bdsim.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress off a terminal: a plain line per tenth of the work, no carriage returns; quick work stays quiet. */
class ProgressLineTest {
    @Test
    void plainLinesPerTenthWhenStderrIsNotATerminal() {
        StringWriter err = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(err), "rows", true);
        for (int done = 0; done <= 1000; done++) {
            p.update(done, 1000);
        }
        p.finish();
        String text = err.toString();
        assertTrue(!text.contains("\r"), "no carriage returns in a file");
        assertEquals(11, text.lines().count(), text);
        assertTrue(text.lines().reduce((a, b) -> b).orElse("").startsWith("[##############################] 1,000/1,000 rows, "), text);
    }

    @Test
    void quickWorkPrintsNothing() {
        StringWriter err = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(err), "netlists");
        p.update(1, 2);
        p.update(2, 2);
        p.finish();
        assertEquals("", err.toString());
    }
}
