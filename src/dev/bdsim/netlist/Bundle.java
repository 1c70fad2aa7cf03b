package dev.bdsim.netlist;

import dev.bdsim.kernel.SignalType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A bundle type: named fields that travel as one word, the first field in the most significant bits
 * (as in a concatenation). A field is a plain signal type or another bundle.
 */
record Bundle(String name, List<Field> fields) {
    /** One field: bits {@code [low + width - 1 : low]} of the word; {@code bundle} is set when the field is itself a bundle. */
    record Field(String name, SignalType type, Bundle bundle, int low) {
    }

    /** A field as declared, before its place in the word is known. */
    record Part(String name, SignalType type, Bundle bundle) {
    }

    static Bundle of(String name, List<Part> parts) {
        int position = parts.stream().mapToInt(p -> p.type().width()).sum();
        List<Field> fields = new ArrayList<>();
        for (Part p : parts) {
            position -= p.type().width();
            fields.add(new Field(p.name(), p.type(), p.bundle(), position));
        }
        return new Bundle(name, List.copyOf(fields));
    }

    int width() {
        return fields.stream().mapToInt(f -> f.type().width()).sum();
    }

    /** The type of a signal of this bundle: its bits, unsigned. */
    SignalType type() {
        return SignalType.unsigned(width());
    }

    Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    String fieldNames() {
        return fields.stream().map(Field::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "bundle " + name;
    }
}
