package ai.piapi.collector.intake;

import ai.piapi.collector.domain.TaskId;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads task IDs from an inbox file: {@code .txt} lines, {@code .csv} with a task_id column, {@code .jsonl} objects. */
public class InboxParser {

    /** One refused input line, kept whole for the dead-letter record. */
    public record Refused(long line, String raw, String detail) {
    }

    /** The valid IDs in input order (duplicates included: the ledger counts them) and the refused lines. */
    public record Parsed(List<String> taskIds, List<Refused> refused) {
    }

    private final ObjectReader json;

    public InboxParser(ObjectMapper mapper) {
        // two objects on one line must not silently lose the second one
        this.json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static boolean accepts(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".txt") || name.endsWith(".csv") || name.endsWith(".jsonl");
    }

    public Parsed parse(Reader input, String fileName) throws IOException {
        List<String> ids = new ArrayList<>();
        List<Refused> refused = parse(input, fileName, Integer.MAX_VALUE, ids::addAll);
        return new Parsed(ids, refused);
    }

    /**
     * Reads the file and hands its valid IDs to {@code ids} in batches of up to {@code batch}, in input order, as it
     * goes (a file of a million IDs need not fit in the heap at once); returns the refused lines.
     */
    public List<Refused> parse(Reader input, String fileName, int batch, Consumer<List<String>> ids) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
        Parsed parsed = new Parsed(new Batches(batch, ids), new ArrayList<>());
        if (name.endsWith(".csv")) {
            readCsv(input, parsed);
        } else {
            boolean jsonl = name.endsWith(".jsonl");
            BufferedReader lines = new BufferedReader(input);
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (jsonl) {
                    readJsonLine(line, number, parsed);
                } else {
                    readTextLine(line, number, parsed);
                }
            }
        }
        ((Batches) parsed.taskIds()).flush();
        return parsed.refused();
    }

    /** A list that hands its IDs on whenever it holds {@code size} of them (and at {@link #flush()}). */
    private static final class Batches extends AbstractList<String> {
        private final int size;
        private final Consumer<List<String>> sink;
        private List<String> held = new ArrayList<>();

        Batches(int size, Consumer<List<String>> sink) {
            this.size = size;
            this.sink = sink;
        }

        @Override
        public boolean add(String id) {
            held.add(id);
            if (held.size() >= size) {
                flush();
            }
            return true;
        }

        void flush() {
            if (!held.isEmpty()) {
                List<String> full = held;
                held = new ArrayList<>();
                sink.accept(full);
            }
        }

        @Override
        public String get(int index) {
            return held.get(index);
        }

        @Override
        public int size() {
            return held.size();
        }
    }

    private static void readTextLine(String line, long number, Parsed parsed) {
        String id = strip(line);
        if (id.isEmpty() || id.startsWith("#")) {
            return;
        }
        take(id, line, number, parsed);
    }

    private void readJsonLine(String line, long number, Parsed parsed) {
        if (strip(line).isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(strip(line));
        } catch (IOException notJson) {
            parsed.refused().add(new Refused(number, line, "line is not a JSON object"));
            return;
        }
        JsonNode id = node == null ? null : node.get("task_id");
        if (id == null || !id.isTextual()) {
            parsed.refused().add(new Refused(number, line, "JSON object has no task_id string"));
            return;
        }
        take(id.asText().strip(), line, number, parsed);
    }

    private static void readCsv(Reader input, Parsed parsed) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setTrim(true).get();
        long lastLine = 0;
        try (CSVParser csv = CSVParser.parse(input, format)) {
            lastLine = csv.getCurrentLineNumber();
            String column = csv.getHeaderNames().stream().filter(h -> strip(h).equalsIgnoreCase("task_id"))
                    .findFirst().orElse(null);
            for (CSVRecord row : csv) {
                lastLine = csv.getCurrentLineNumber();
                String raw = String.join(",", row.values());
                if (column == null) {
                    parsed.refused().add(new Refused(lastLine, raw, "CSV header has no task_id column"));
                } else if (!row.isMapped(column) || !row.isSet(column)) {
                    parsed.refused().add(new Refused(lastLine, raw, "row has no task_id value"));
                } else {
                    take(row.get(column), raw, lastLine, parsed);
                }
            }
        } catch (CSVException | IllegalArgumentException malformed) {
            refuseRest(parsed, lastLine + 1, malformed);
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof CSVException malformed)) {
                throw e.getCause();
            }
            refuseRest(parsed, lastLine + 1, malformed);
        }
    }

    /** Malformed CSV (unclosed quote, nameless header column): the IDs read so far stand, the rest is refused. */
    private static void refuseRest(Parsed parsed, long fromLine, Exception malformed) {
        parsed.refused().add(new Refused(fromLine, "",
                "CSV cannot be parsed from line " + fromLine + " on, the rest of the file was not read: "
                        + malformed.getMessage()));
    }

    private static void take(String id, String raw, long number, Parsed parsed) {
        if (TaskId.isValid(id)) {
            parsed.taskIds().add(id);
        } else {
            parsed.refused().add(new Refused(number, raw, TaskId.whyInvalid(id)));
        }
    }

    /** Strips whitespace and a byte-order mark. */
    private static String strip(String line) {
        return line.replace("\uFEFF", "").strip();
    }
}
