package io.sparksweep.report;

import io.sparksweep.stats.ShownInterval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** What every chart of the report shares: its size, its look, interval bars, and its encoding as PNG. */
final class ChartStyle {

    static final int WIDTH = 720;
    static final int HEIGHT = 440;

    /** Distinct colours for the few lines of a small grid's plots (Tableau 10). */
    static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)
    };

    private ChartStyle() {}

    static void apply(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(Color.WHITE);
        if (styler instanceof AxesChartStyler axes) {
            axes.setPlotGridLinesVisible(true);
        }
        styler.setDecimalPattern("#.####");
    }

    /** Learning rates, L2 factors, noise levels spread over decades: a log axis, as the seeds plot them. */
    static boolean logScale(double min, double max) {
        return min > 0 && max / min >= 50;
    }

    /**
     * The 95 % interval of a point as a vertical segment (not XChart's symmetric error bars: a clipped
     * interval is asymmetric), with a triangle at an end clipped to the metric's range. Nothing when
     * the interval is not shown (fewer than 3 repeats).
     */
    static void intervalBar(XYChart chart, String name, double x, ShownInterval ci, Color color) {
        if (!ci.shown()) {
            return;
        }
        XYSeries bar = chart.addSeries(name + " CI", new double[] {x, x}, new double[] {ci.low(), ci.high()});
        bar.setMarker(SeriesMarkers.NONE);
        bar.setLineColor(color);
        bar.setLineStyle(new BasicStroke(1.5f));
        bar.setShowInLegend(false);
        if (ci.clipped()) {
            boolean top = ci.high() >= 1;
            Marker m = top ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.TRIANGLE_DOWN;
            XYSeries mark =
                    chart.addSeries(name + " clipped", new double[] {x}, new double[] {top ? ci.high() : ci.low()});
            mark.setMarker(m);
            mark.setMarkerColor(color);
            mark.setShowInLegend(false);
        }
    }

    /**
     * Each chart as PNG bytes, by file name in the given order; drawn and encoded side by side (separate
     * images share nothing), since encoding is most of a report's time after a sweep.
     */
    static Map<String, byte[]> pngs(Map<String, Chart<?, ?>> charts) {
        // an ordered stream collected into a LinkedHashMap keeps the order, parallel or not
        return charts.entrySet().parallelStream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> png(e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shaded band between low and high along x (one filled polygon: along the upper ends, back along the lower). */
    static void band(
            XYChart chart,
            String name,
            double[] x,
            double[] low,
            double[] high,
            Color color,
            int alpha,
            boolean inLegend) {
        int n = x.length;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int e = 0; e < n; e++) {
            px[e] = x[e];
            py[e] = high[e];
            px[2 * n - 1 - e] = x[e];
            py[2 * n - 1 - e] = low[e];
        }
        XYSeries b = chart.addSeries(name, px, py);
        b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        b.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha));
        b.setLineColor(new Color(0, 0, 0, 0));
        b.setMarker(SeriesMarkers.NONE);
        b.setShowInLegend(inLegend);
    }
}
