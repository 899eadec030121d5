package ai.piapi.collector.intake;

import ai.piapi.collector.task.TaskId;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads task IDs from an inbox file: {@code .txt} lines, {@code .csv} with a task_id column, {@code .jsonl} objects. */
public class InboxParser {

    /** One refused input line, kept whole for the dead-letter record. */
    public record Refused(long line, String raw, String detail) {
    }

    /** The valid IDs in input order (duplicates included: the ledger counts them) and the refused lines, all kept. */
    public record Parsed(List<String> taskIds, List<Refused> refused) implements IdSink {
        @Override
        public void acceptId(String taskId) {
            taskIds.add(taskId);
        }

        @Override
        public void refuse(Refused r) {
            refused.add(r);
        }
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

    /** Everything the file holds, in memory: for small inputs and tests; intake streams with the sink form. */
    public Parsed parse(Reader input, String fileName) throws IOException {
        Parsed parsed = new Parsed(new ArrayList<>(), new ArrayList<>());
        parse(input, fileName, parsed);
        return parsed;
    }

    /** Reads the file line by line (row by row) into {@code parsed}, holding no more than one line at a time. */
    public void parse(Reader input, String fileName, IdSink parsed) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
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
    }

    private static void readTextLine(String line, long number, IdSink parsed) {
        String id = strip(line);
        if (id.isEmpty() || id.startsWith("#")) {
            return;
        }
        take(id, line, number, parsed);
    }

    private void readJsonLine(String line, long number, IdSink parsed) {
        if (strip(line).isEmpty()) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(strip(line));
        } catch (IOException notJson) {
            parsed.refuse(new Refused(number, line, "line is not a JSON object"));
            return;
        }
        JsonNode id = node == null ? null : node.get("task_id");
        if (id == null || !id.isTextual()) {
            parsed.refuse(new Refused(number, line, "JSON object has no task_id string"));
            return;
        }
        take(id.asText().strip(), line, number, parsed);
    }

    private static void readCsv(Reader input, IdSink parsed) throws IOException {
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
                    parsed.refuse(new Refused(lastLine, raw, "CSV header has no task_id column"));
                } else if (!row.isMapped(column) || !row.isSet(column)) {
                    parsed.refuse(new Refused(lastLine, raw, "row has no task_id value"));
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
    private static void refuseRest(IdSink parsed, long fromLine, Exception malformed) {
        parsed.refuse(new Refused(fromLine, "",
                "CSV cannot be parsed from line " + fromLine + " on, the rest of the file was not read: "
                        + malformed.getMessage()));
    }

    private static void take(String id, String raw, long number, IdSink parsed) {
        if (TaskId.isValid(id)) {
            parsed.acceptId(id);
        } else {
            parsed.refuse(new Refused(number, raw, TaskId.whyInvalid(id)));
        }
    }

    /** Strips whitespace and a byte-order mark. */
    private static String strip(String line) {
        return line.replace("\uFEFF", "").strip();
    }
}
