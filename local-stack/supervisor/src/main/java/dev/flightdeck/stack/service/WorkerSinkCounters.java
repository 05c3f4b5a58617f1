package dev.flightdeck.stack.service;

import com.sun.tools.attach.VirtualMachine;
import dev.flightdeck.ops.status.SinkCounters;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The sink counters of the local Connect worker, read over JMX through the local attach API: the
 * worker is a process of this stack on this machine, so no JMX port is opened for it.
 */
public final class WorkerSinkCounters {

    private WorkerSinkCounters() {
    }

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
                    written.merge(name, ((Number) server.getAttribute(task, SinkCounters.WRITTEN)).longValue(), Long::sum);
                    skipped.merge(name, ((Number) server.getAttribute(task, SinkCounters.SKIPPED)).longValue(), Long::sum);
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

}
