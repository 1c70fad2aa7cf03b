package dev.bdsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --json} for the commands that print tables: one JSON document on stdout, snake_case keys, tables as arrays of rows. */
final class JsonOption {
    @Option(names = "--json", description = "Print one JSON document (snake_case keys, tables as arrays of rows) instead of text")
    boolean enabled;

    /** Where a command's text goes: {@code out}, or nowhere when it prints JSON instead. */
    static PrintWriter text(boolean json, PrintWriter out) {
        return json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
    }

    static ObjectNode document() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ObjectNode with(ObjectNode doc, Table table) {
        doc.set(table.key(), table.json());
        return doc;
    }

    static void print(PrintWriter out, ObjectNode doc) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
