package io.sparksweep.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What every chart of the report shares: its size, its look, and its encoding as PNG. */
final class ChartStyle {

    static final int WIDTH = 720;
    static final int HEIGHT = 440;

    private ChartStyle() {
    }

    static void apply(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setChartBackgroundColor(Color.WHITE);
        if (styler instanceof AxesChartStyler axes) {
            axes.setPlotGridLinesVisible(true);
        }
        styler.setDecimalPattern("#.####");
    }

    static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
