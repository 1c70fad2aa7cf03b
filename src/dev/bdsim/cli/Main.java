package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.CheckFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of {@code ./sim}. Exit codes: 0 success, 2 bad input or usage, 1 internal error. */
@Command(name = "sim", mixinStandardHelpOptions = true, version = dev.bdsim.Version.NAME,
        description = "Cycle-accurate simulator of quantized MAC datapaths (DialectFP4 / BlockDialect and baselines).",
        subcommands = {DemoCommand.class, RunCommand.class, GemmCommand.class, CostCommand.class, QuantizerCommand.class, AccuracyCommand.class, GoldenCommand.class, SweepCommand.class, VerilogCommands.Export.class, VerilogCommands.Cosimulate.class, QuantizeCommand.class,
                CaptureCommand.class, BenchCommand.class, LibertyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_CHECK_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--engine", paramLabel = "ENGINE", scope = CommandLine.ScopeType.LOCAL,
            description = {"Simulation engine of every command: compiled (a class generated and compiled per design) or event (the",
                    "generic event-driven kernel); both give the same results and activity. Default: compiled for circuits of up to 512",
                    "components (datapaths, quantizers), event for larger ones (accelerators)."})
    void engine(String name) {
        if (!name.equals("compiled") && !name.equals("event")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--engine " + name + ": give compiled or event");
        }
        System.setProperty(dev.bdsim.kernel.Simulator.Engine.PROPERTY, name);
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is missing: give one of the commands below");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** A message with control characters other than line breaks shown as '?': no terminal escape reaches the user's screen. */
    static String printable(String message) {
        return message == null ? "" : message.replaceAll("[\\p{Cntrl}&&[^\\n]]", "?");
    }

    /**
     * Joins the lines of every command's and option's description into paragraphs, so help text wraps at
     * the terminal width instead of at the source's line breaks (a sentence cut after a few words); a
     * line that starts with a space (an example) stays a line of its own.
     */
    static void reflow(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
        for (CommandLine.Model.OptionSpec o : java.util.List.copyOf(spec.options())) {
            if (o.description().length > 1) {
                spec.remove(o);
                spec.addOption(CommandLine.Model.OptionSpec.builder(o).description(paragraphs(o.description())).build());
            }
        }
        cl.getSubcommands().values().forEach(Main::reflow);
    }

    private static String[] paragraphs(String[] lines) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : lines) {
            if (!out.isEmpty() && !line.startsWith(" ") && !out.get(out.size() - 1).startsWith(" ")) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
            } else {
                out.add(line);
            }
        }
        return out.toArray(new String[0]);
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        reflow(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException) {
                err.println("sim: error: " + printable(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof java.nio.file.InvalidPathException p) {
                // only text a user gave (an argument, a spec, a golden or netlist file) becomes a path
                err.println("sim: error: '" + p.getInput().replaceAll("\\p{Cntrl}", "?") + "' is not a valid path (" + p.getReason() + ")");
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof CheckFailedException) {
                err.println("sim: check failed: " + ex.getMessage());
                return EXIT_CHECK_FAILED;
            }
            if (System.getenv("BDSIM_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("sim: internal error: " + ex + " (set BDSIM_DEBUG=1 for the stack trace)");
            }
            return EXIT_INTERNAL;
        });
        String engine = System.getProperty(dev.bdsim.kernel.Simulator.Engine.PROPERTY);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("sim: out of memory (the heap holds at most " + Runtime.getRuntime().maxMemory() / 1048576 + " MB): "
                    + "give it more with BDSIM_JAVA_OPTS=-Xmx8g, or use smaller inputs (fewer tokens or weight rows, fewer lanes)");
            return EXIT_INTERNAL;
        } catch (StackOverflowError e) {
            err.println("sim: the input nests too deeply to process (expressions, imports or module recursion); flatten it");
            return EXIT_BAD_INPUT;
        } finally {
            // --engine holds for this command line only (tests run many in one JVM)
            if (engine == null) {
                System.clearProperty(dev.bdsim.kernel.Simulator.Engine.PROPERTY);
            } else {
                System.setProperty(dev.bdsim.kernel.Simulator.Engine.PROPERTY, engine);
            }
        }
    }
}
