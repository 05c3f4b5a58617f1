package dev.flightdeck.stack;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What each sink connector wrote and what its version guard skipped, summed over its tasks, as
 * the running Connect worker counts them (the sinks' plugin metrics, {@code SinkMetrics} in
 * sink-common). Read over JMX through the local attach API: the worker is a process of ours on
 * this machine, so no JMX port is opened. Counters start at zero with each task: a worker
 * restart, or Connect restarting its tasks.
 *
 * @param workerPid the worker the counters come from: a different pid means a restart in between
 * @param written   connector → flight versions written
 * @param skipped   connector → flight versions skipped as not newer (redeliveries)
 */
public record SinkCounters(long workerPid, Map<String, Long> written, Map<String, Long> skipped) {

    static final String WRITTEN = "flight-versions-written-total";
    static final String SKIPPED = "flight-versions-skipped-as-not-newer-total";

    public static SinkCounters read(long workerPid) throws IOException {
        String address;
        try {
            VirtualMachine worker = VirtualMachine.attach(Long.toString(workerPid));
            try {
                address = worker.startLocalManagementAgent();
            } finally {
                worker.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the Connect worker (pid " + workerPid + "): " + e.getMessage(), e);
        }
        Map<String, Long> written = new TreeMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            for (ObjectName task : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=*,task=*"), null)) {
                String name = task.getKeyProperty("connector");
                try {
                    written.merge(name, ((Number) server.getAttribute(task, WRITTEN)).longValue(), Long::sum);
                    skipped.merge(name, ((Number) server.getAttribute(task, SKIPPED)).longValue(), Long::sum);
                } catch (javax.management.AttributeNotFoundException e) {
                    // another plugin's metrics (a converter, a transform): not a sink of ours
                } catch (javax.management.JMException e) {
                    throw new IOException("reading " + task + ": " + e.getMessage(), e);
                }
            }
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        return new SinkCounters(workerPid, written, skipped);
    }

    /**
     * What happened since {@code before}: the difference; everything counted if the worker
     * restarted in between; for a connector whose counters went down (Connect restarted its tasks
     * in the same worker, e.g. after losing the broker), what its new tasks counted. A restarted
     * task that has already counted past its predecessor is not told apart: then the difference
     * is an undercount.
     */
    public SinkCounters since(SinkCounters before) {
        if (before.workerPid != workerPid) {
            return this;
        }
        Map<String, Long> writtenSince = new TreeMap<>();
        Map<String, Long> skippedSince = new TreeMap<>();
        for (String sink : written.keySet()) {
            long writtenBefore = before.written.getOrDefault(sink, 0L);
            long skippedBefore = before.skipped.getOrDefault(sink, 0L);
            boolean restarted = written.get(sink) < writtenBefore || skipped.getOrDefault(sink, 0L) < skippedBefore;
            writtenSince.put(sink, restarted ? written.get(sink) : written.get(sink) - writtenBefore);
            skippedSince.put(sink, restarted ? skipped.getOrDefault(sink, 0L) : skipped.getOrDefault(sink, 0L) - skippedBefore);
        }
        return new SinkCounters(workerPid, writtenSince, skippedSince);
    }
}
