package ai.piapi.collector.ops.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * {@code process_cpu_seconds_total}, the CPU time the JVM used, under the name the Prometheus clients and their
 * dashboards use ({@code rate(process_cpu_seconds_total[5m])} is cores busy). Micrometer's {@code processor} binder
 * is left out of {@code camel.metrics.binders}: it names the same figure {@code process_cpu_time_ns_total} and adds
 * {@code system_cpu_count}, both of which {@code promtool check metrics} rejects.
 */
public class ProcessCpuMetrics implements MeterBinder {
    @Override
    public void bindTo(MeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean jdk && jdk.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", jdk, b -> b.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time used by the collector's JVM").register(registry);
        }
    }
}
