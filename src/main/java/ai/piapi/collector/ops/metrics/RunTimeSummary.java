package ai.piapi.collector.ops.metrics;

import ai.piapi.collector.schedule.RunTimeHistogram;
import ai.piapi.collector.schedule.RunTimeKey;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the adaptive schedule learned, as a Prometheus summary: {@code piapi_collector_run_time_seconds{model,
 * task_type,quantile}} (0.1, 0.5, 0.9) and {@code _count} (every finished task it learned from). A summary, not a
 * histogram: the learned figures weigh recent tasks more (old ones decay), so they are quantiles of a sliding
 * window, which is what a summary is; decaying bucket weights would not be the monotonic counters a histogram's
 * buckets must be. There is no {@code _sum}: the learner keeps no total. Read at each scrape, nothing is cached.
 */
public class RunTimeSummary implements Collector {
    static final String NAME = "piapi_collector_run_time_seconds";
    static final double[] QUANTILES = {0.1, 0.5, 0.9};

    private final Supplier<Map<RunTimeKey, RunTimeHistogram>> learned;

    /** {@code learned}: the run times learned per model, as the schedule uses them. */
    public RunTimeSummary(Supplier<Map<RunTimeKey, RunTimeHistogram>> learned) {
        this.learned = learned;
    }

    @Override
    public MetricSnapshot collect() {
        SummarySnapshot.Builder summary = SummarySnapshot.builder().name(NAME).unit(Unit.SECONDS)
                .help("Learned run time of a model's tasks (what the adaptive schedule plans from), by quantile");
        learned.get().forEach((key, histogram) -> {
            if (histogram.samples() > 0) {
                Quantiles.Builder quantiles = Quantiles.builder();
                for (double q : QUANTILES) {
                    quantiles.quantile(new Quantile(q, histogram.quantile(q) / 1000));
                }
                summary.dataPoint(SummaryDataPointSnapshot.builder().count(histogram.samples()).quantiles(quantiles.build())
                        .labels(Labels.of("model", key.model(), "task_type", key.taskType())).build());
            }
        });
        return summary.build();
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }
}
