package ai.piapi.collector.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a simulated task the way PiAPI's get-task answers. */
final class TaskJson {
    private final ObjectMapper mapper = new ObjectMapper();
    private final String filesBase;

    TaskJson(String filesBase) {
        this.filesBase = filesBase;
    }

    ObjectNode data(SimulatedTask task, long now) {
        ObjectNode data = mapper.createObjectNode();
        String status = task.statusAt(now);
        data.put("task_id", task.id());
        data.put("model", task.model().name());
        data.put("task_type", task.model().taskType());
        data.put("status", status);
        ObjectNode config = data.putObject("config");
        config.put("service_mode", "public");
        config.putObject("webhook_config").put("endpoint", "").put("secret", "");
        data.putObject("input").put("prompt", "a simulated cat");
        ObjectNode output = data.putObject("output");
        output.put("image_url", "completed".equals(status) ? filesBase + task.id() + ".png" : "");
        output.put("image_base64", "");
        ObjectNode meta = data.putObject("meta");
        meta.put("created_at", java.time.Instant.ofEpochMilli(task.seenAt()).toString());
        meta.put("started_at", task.timeAt(task.startAt(), now));
        meta.put("ended_at", task.timeAt(task.endAt(), now));
        meta.putObject("usage").put("type", "point").put("frozen", 0).put("consume", 100);
        data.putNull("detail");
        data.putNull("logs");
        ObjectNode error = data.putObject("error");
        boolean failed = "failed".equals(status);
        error.put("code", failed ? 10000 : 0).put("raw_message", failed ? "simulated failure" : "")
                .put("message", failed ? "simulated failure" : "").putNull("detail");
        return data;
    }

    String envelope(SimulatedTask task, long now) {
        ObjectNode root = mapper.createObjectNode();
        root.put("code", 200);
        root.set("data", data(task, now));
        root.put("message", "success");
        return root.toString();
    }

    String webhook(SimulatedTask task, long now) {
        ObjectNode root = mapper.createObjectNode();
        root.put("timestamp", now / 1000);
        root.set("data", data(task, now));
        return root.toString();
    }
}
