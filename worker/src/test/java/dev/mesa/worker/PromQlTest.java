package dev.mesa.worker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The PromQL helpers of the monitoring tests on the shapes the dashboards and rules use. */
class PromQlTest {
    @Test
    void grafanaVariablesAreSubstituted() {
        assertEquals("sum by (loop) (rate(x{loop=~\".*\", instance=~\".*\"}[1m])) + increase(y[1h]) + z[15s]",
                PromQl.substitute("sum by (loop) (rate(x{loop=~\"$loop\", instance=~\"${instance:regex}\"}[$__rate_interval]))"
                        + " + increase(y[$__range]) + z[[[__interval]]]"));
        assertEquals(Set.of("loop", "__rate_interval", "instance"),
                PromQl.variables("rate(x{loop=~\"$loop\", instance=~\"[[instance]]\"}[${__rate_interval}])"));
        assertThrows(IllegalArgumentException.class, () -> PromQl.substitute("x[$__range_ms]"));
    }

    @Test
    void selectorsSkipFunctionsAggregationsLabelListsAndRanges() {
        assertEquals(List.of("temporal_activity_execution_latency_seconds_bucket{task_queue=~\".*\"}"),
                PromQl.selectors("histogram_quantile(0.95, sum by (le, activity_type) "
                        + "(increase(temporal_activity_execution_latency_seconds_bucket{task_queue=~\".*\"}[1h])))"));
        assertEquals(List.of("max_thing{phase=\"mesa\"}", "attacked{phase=\"a\"}"),
                PromQl.selectors("avg by (beta) (max by (trigger, beta) (max_thing{phase=\"mesa\"}) - on (trigger)"
                        + " group_left () max by (trigger) (attacked{phase=\"a\"}))"));
        assertEquals(List.of("mesa_sweep_triggers{state=\"planned\"}", "mesa_sweep_triggers{state=\"done\"}",
                        "mesa_sweep_triggers{state=\"failed\"}"),
                PromQl.selectors("(max(mesa_sweep_triggers{state=\"planned\"}) > max(mesa_sweep_triggers{state=\"done\"})"
                        + " + max(mesa_sweep_triggers{state=\"failed\"})) and on () (changes(max("
                        + "mesa_sweep_triggers{state=\"done\"})[2h:1m]) == 0) and on () count("
                        + "mesa_sweep_triggers{state=\"done\"} offset 2h)"));
        assertEquals(List.of("up", "{__name__=\"a\", x!=\"}{\"}"), PromQl.selectors("up unless {__name__=\"a\", x!=\"}{\"} # up2"));
        assertEquals("up", PromQl.metricName("up"));
        assertEquals("mesa_asr_ratio", PromQl.metricName("mesa_asr_ratio{phase=\"mesa\"}"));
        assertEquals(null, PromQl.metricName("{__name__=\"a\"}"));
    }

    @Test
    void comparisonsGetBoolOutsideLabelMatchers() {
        assertEquals("max by (trigger, beta) (mesa_asr_ratio{phase=\"mesa\", beta!=\"none\"}) > bool 0.10",
                PromQl.withBool("max by (trigger, beta) (mesa_asr_ratio{phase=\"mesa\", beta!=\"none\"}) > 0.10"));
        assertEquals("(a > bool b + c) and on () (changes(d[2h:1m]) == bool 0) and x >= bool 3 unless y <= bool 1 or z != bool 2",
                PromQl.withBool("(a > b + c) and on () (changes(d[2h:1m]) == 0) and x >= 3 unless y <= 1 or z != 2"));
        assertEquals("a > bool 1", PromQl.withBool("a > bool 1"));
        assertEquals("x{a=\">\"} < bool 1", PromQl.withBool("x{a=\">\"} < 1"));
    }
}
