package dev.bdsim.netlist;

import dev.bdsim.io.InputFiles;
import dev.bdsim.BadInputException;
import dev.bdsim.netlist.Ast.BundleDecl;
import dev.bdsim.netlist.Ast.Import;
import dev.bdsim.netlist.Ast.ModuleDecl;
import dev.bdsim.netlist.Ast.SourceFile;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads a netlist file and, transitively, the files it imports (relative to the importing file). */
final class Loader {
    record Loaded(Map<String, ModuleDecl> modules, Map<String, BundleDecl> bundles, String lastModuleOfMainFile) {
    }

    private final Map<String, ModuleDecl> modules = new LinkedHashMap<>();
    private final Map<String, BundleDecl> bundles = new LinkedHashMap<>();
    private final Set<Path> seen = new HashSet<>();

    static Loaded load(Path file) {
        Loader loader = new Loader();
        String text;
        try {
            text = InputFiles.readText(file, "netlist");
        } catch (NoSuchFileException e) {
            throw new BadInputException("netlist file not found: " + file);
        } catch (MalformedInputException e) {
            throw new BadInputException(file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new BadInputException("cannot read netlist file " + file + ": " + e.getMessage());
        }
        SourceFile main = loader.add(file, text);
        String last = main.modules().isEmpty() ? null : main.modules().get(main.modules().size() - 1).name();
        for (BundleDecl b : loader.bundles.values()) {
            ModuleDecl m = loader.modules.get(b.name());
            if (m != null) {
                throw new NetlistException(b.pos(), b.name() + " is already the name of a module (" + m.pos() + ")");
            }
        }
        return new Loaded(loader.modules, loader.bundles, last);
    }

    private SourceFile add(Path file, String text) {
        seen.add(file.toAbsolutePath().normalize());
        SourceFile source = Parser.parse(text, file, file.toString());
        for (ModuleDecl m : source.modules()) {
            ModuleDecl earlier = modules.putIfAbsent(m.name(), m);
            if (earlier != null) {
                throw new NetlistException(m.pos(), "module " + m.name() + " is already declared at " + earlier.pos());
            }
        }
        for (BundleDecl b : source.bundles()) {
            BundleDecl earlier = bundles.putIfAbsent(b.name(), b);
            if (earlier != null) {
                throw new NetlistException(b.pos(), "bundle " + b.name() + " is already declared at " + earlier.pos());
            }
        }
        for (Import im : source.imports()) {
            Path dir = file.getParent() == null ? Path.of("") : file.getParent();
            Path target;
            try {
                target = dir.resolve(im.path()).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new NetlistException(im.pos(), "import \"" + im.path() + "\" is not a valid path");
            }
            if (seen.contains(target.toAbsolutePath().normalize())) {
                continue;
            }
            String text2;
            try {
                text2 = InputFiles.readText(target, "netlist");
            } catch (NoSuchFileException e) {
                throw new NetlistException(im.pos(), "import not found: \"" + im.path() + "\" (looked for " + target + ")");
            } catch (IOException e) {
                throw new NetlistException(im.pos(), "cannot read import \"" + im.path() + "\": " + e.getMessage());
            }
            add(target, text2);
        }
        return source;
    }
}
