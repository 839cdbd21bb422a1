// SPDX-License-Identifier: MIT
// eight_points: the pictures of the input plane, for data with two inputs. Axes carry the CSV's
// column names. Each function returns its data table and its gnuplot script.
#ifndef TINYNEURON_EXAMPLES_PLANE_FIGURES_HPP
#define TINYNEURON_EXAMPLES_PLANE_FIGURES_HPP

#include "csv.hpp"
#include "geometry.hpp"
#include "gnuplot.hpp"
#include "runs.hpp"
#include "text.hpp"

#include <algorithm> // std::min, std::max
#include <cmath>     // std::isfinite, std::abs, std::atan2, std::cos, std::sin
#include <cstddef>   // std::size_t
#include <string>    // std::string
#include <utility>   // std::swap
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// The box drawn, padded by 8 % around the points given.
struct Frame {
    double x0 = 0, x1 = 0, y0 = 0, y1 = 0;

    bool drawable() const { return std::isfinite(x1 - x0) && std::isfinite(y1 - y0) && x1 > x0 && y1 > y0; }
};

inline Frame frame_around(const Dataset &data, const std::vector<Point> &extra) {
    Frame f{data.samples.col(0).minCoeff(), data.samples.col(0).maxCoeff(), data.samples.col(1).minCoeff(),
            data.samples.col(1).maxCoeff()};
    for (const Point &p : extra) {
        f = Frame{std::min(f.x0, p.x()), std::max(f.x1, p.x()), std::min(f.y0, p.y()), std::max(f.y1, p.y())};
    }
    const double pad = 0.08 * std::max({f.x1 - f.x0, f.y1 - f.y0, 1e-9});
    return Frame{f.x0 - pad, f.x1 + pad, f.y0 - pad, f.y1 + pad};
}

/// Ranges, equal scales (circles stay round, angles true) unless one side is over 3 times the
/// other, and the axes named after the CSV's columns.
inline std::string gp_frame(const Frame &f, const Dataset &data) {
    const double ratio = (f.y1 - f.y0) / (f.x1 - f.x0);
    return std::string(ratio <= 3 && ratio >= 1.0 / 3 ? "set size ratio -1" : "set size ratio 0.6") + "\nset xrange [" +
           exact(f.x0) + ":" + exact(f.x1) + "]\nset yrange [" + exact(f.y0) + ":" + exact(f.y1) + "]\nset xlabel " +
           gp_quote(data.columns[0]) + "\nset ylabel " + gp_quote(data.columns[1]) + "\n";
}

// ============================================================================================
// Point numbers placed clear of the arrows, lines and circles drawn
// ============================================================================================

/// A straight piece of what is drawn, in data units; a = b for a point.
struct Segment {
    Point a, b;
};

/// Whether the segment meets the box [lo, hi] (Liang–Barsky: clip the segment's parameter range
/// to each of the box's four slabs).
inline bool meets(const Segment &s, const Point &lo, const Point &hi) {
    double t0 = 0;
    double t1 = 1;
    const Point d = s.b - s.a;
    for (int k = 0; k < 2; ++k) {
        if (d(k) == 0.0) {
            if (s.a(k) < lo(k) || s.a(k) > hi(k)) {
                return false;
            }
            continue;
        }
        double enter = (lo(k) - s.a(k)) / d(k);
        double leave = (hi(k) - s.a(k)) / d(k);
        if (enter > leave) {
            std::swap(enter, leave);
        }
        t0 = std::max(t0, enter);
        t1 = std::min(t1, leave);
        if (t0 > t1) {
            return false;
        }
    }
    return true;
}

/// The circle as 48 segments.
inline void add_circle(std::vector<Segment> &drawn, const Point &centre, double radius) {
    constexpr int pieces = 48;
    for (int k = 0; k < pieces; ++k) {
        const double a0 = 2 * 3.14159265358979323846 * k / pieces;
        const double a1 = 2 * 3.14159265358979323846 * (k + 1) / pieces;
        drawn.push_back(Segment{centre + radius * Point(std::cos(a0), std::sin(a0)),
                                centre + radius * Point(std::cos(a1), std::sin(a1))});
    }
}

/// Data units per pixel of a frame drawn with equal scales into a plot area of about
/// `width` × `height` pixels.
inline double unit_per_pixel(const Frame &f, double width, double height) {
    return std::max((f.x1 - f.x0) / width, (f.y1 - f.y0) / height);
}

/// Each point's number as a row (x, y, number) of a label table: placed around the point in the
/// first of 16 directions, from `outward` (per point) on, where its box, grown by a few pixels,
/// meets nothing `drawn`, no label placed before and no edge of the frame. Where every direction
/// meets something, the one meeting least wins. `marker` is the points' marker radius in pixels.
inline Table number_labels(const Dataset &data, const std::vector<Point> &outward, std::vector<Segment> drawn,
                           const Frame &f, double unit, double marker) {
    Table labels{{"x1", "x2", "point"}, {}};
    const double height = 14 * unit; // a digit of the 12-point font, with a margin
    const double pad = 3 * unit;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        const Point p = point_of(data, i);
        const double width = (i + 1 < 10 ? 9 : 17) * unit;
        const Point half(width / 2 + pad, height / 2 + pad);
        const double start =
            std::atan2(outward[static_cast<std::size_t>(i)].y(), outward[static_cast<std::size_t>(i)].x());
        Point best = p;
        std::size_t fewest = static_cast<std::size_t>(-1);
        for (int k = 0; k < 16 && fewest > 0; ++k) {
            // 0, +1, -1, +2, -2, ... steps of 22.5 degrees from the outward direction
            const int turns = (k % 2 == 1 ? 1 : -1) * ((k + 1) / 2); // whole steps of 22.5 degrees
            const double angle = start + turns * 3.14159265358979323846 / 8;
            const Point dir(std::cos(angle), std::sin(angle));
            const double reach = marker * unit + pad + std::abs(dir.x()) * width / 2 + std::abs(dir.y()) * height / 2;
            const Point centre = p + (reach + 2 * unit) * dir;
            const Point lo = centre - half;
            const Point hi = centre + half;
            std::size_t met = lo.x() < f.x0 || hi.x() > f.x1 || lo.y() < f.y0 || hi.y() > f.y1 ? 1U : 0U;
            for (const Segment &s : drawn) {
                met += meets(s, lo, hi) ? 1U : 0U;
            }
            if (met < fewest) {
                fewest = met;
                best = centre;
            }
        }
        labels.rows.push_back({best.x(), best.y(), static_cast<double>(i + 1)});
        const Point lo = best - Point(width / 2, height / 2); // later labels keep clear of this one
        const Point hi = best + Point(width / 2, height / 2);
        drawn.push_back(Segment{lo, Point(hi.x(), lo.y())});
        drawn.push_back(Segment{Point(hi.x(), lo.y()), hi});
        drawn.push_back(Segment{hi, Point(lo.x(), hi.y())});
        drawn.push_back(Segment{Point(lo.x(), hi.y()), lo});
    }
    return labels;
}

/// The label table as plot elements, each number centred at its place.
inline std::string gp_labels(const Table &labels, std::string &blocks) {
    blocks += datablock("labels", labels);
    return ", \\\n     $labels using 1:2:(sprintf('%d', $3)) with labels font ',12' notitle";
}

/// The plot elements of one class's data block $name: its points in `style` and colour, and
/// with `numbers` each point's number beside it.
inline std::string class_elements(const std::string &name, const std::string &style, int cls, const std::string &what,
                                  bool numbers) {
    return ", \\\n     $" + name + " using " + style + (cls == 0 ? zero_colour : one_colour) + "' title " +
           gp_quote(what + " with target " + std::to_string(cls)) +
           (numbers ? ", \\\n     $" + name +
                          " using 1:2:(sprintf('%d', $3)) with labels offset 1.2,0.6 font ',12' "
                          "notitle"
                    : "");
}

/// Each class present as a data block ($zero, $one: x1, x2, number from 1) and as plot elements:
/// `style` is a `using` clause and a style ending in "lc rgb '", the colour follows; with
/// `numbers`, each point's number beside it. A class without points draws nothing.
inline std::string class_plots(const Dataset &data, const std::string &style, const std::string &what, bool numbers,
                               std::string &blocks) {
    std::string plot;
    for (const int cls : {0, 1}) {
        const std::string name = cls == 0 ? "zero" : "one";
        Table t{{"x1", "x2", "point"}, {}};
        for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
            if (class_of(data, i) == cls) {
                t.rows.push_back({data.samples(i, 0), data.samples(i, 1), static_cast<double>(i + 1)});
            }
        }
        if (t.rows.empty()) {
            continue;
        }
        blocks += datablock(name, t);
        plot += class_elements(name, style, cls, what, numbers);
    }
    return plot;
}

/// The line w·x + b = 0 as a plot element, or, outside the frame, a legend entry that says so.
inline std::string gp_line(const std::string &block, const Point &w, double b, const Frame &f, const std::string &style,
                           const std::string &title, std::string &blocks) {
    const std::vector<Point> ends = clip_line(w, b, f.x0, f.x1, f.y0, f.y1);
    if (ends.empty()) {
        return ", \\\n     keyentry with lines " + style + " title " + gp_quote(title + " (outside this frame)");
    }
    blocks += datablock(block, Table{{"x1", "x2"}, {{ends[0].x(), ends[0].y()}, {ends[1].x(), ends[1].y()}}});
    return ", \\\n     $" + block + " using 1:2 with lines " + style + " title " + gp_quote(title);
}

/// The prediction σ(w·x + b) over the frame, computed by gnuplot on its own grid ('++'), so the
/// script stays small; z is clipped where σ is 0 or 1 to within 2e-22 anyway.
inline std::string gp_shading(const Point &w, double b, const Frame &f) {
    return "# The neuron: prediction(x1, x2) = σ(w1·x1 + w2·x2 + bias)\nw1 = " + exact(w.x()) +
           "\nw2 = " + exact(w.y()) + "\nbias = " + exact(b) +
           "\nclip(z) = z > 50 ? 50 : (z < -50 ? -50 : z)\n"
           "prediction(x, y) = 1 / (1 + exp(-clip(w1 * x + w2 * y + bias)))\n"
           "set samples 200\nset isosamples 200\nset urange [" +
           exact(f.x0) + ":" + exact(f.x1) + "]\nset vrange [" + exact(f.y0) + ":" + exact(f.y1) +
           "]\nset cbrange [0:1]\nset cblabel 'prediction σ(w·x + b)'\n"
           "set palette defined (0 '#f2a7a0', 0.5 '#ffffff', 1 '#a6dba0')\n";
}

/// Each triangle of one class around points of the other as a plot element, dashed in its
/// corners' colour; its sides join `drawn`, which the arrows' numbers keep clear of.
inline std::string triangle_elements(const Dataset &data, const std::vector<Enclosure> &enclosures,
                                     std::vector<Segment> &drawn, int &triangles, std::string &blocks) {
    std::string plot;
    for (const Enclosure &enclosure : enclosures) {
        if (enclosure.inside.empty()) {
            continue;
        }
        Table triangle{{"x1", "x2"}, {}};
        for (const Eigen::Index c :
             {enclosure.corners[0], enclosure.corners[1], enclosure.corners[2], enclosure.corners[0]}) {
            triangle.rows.push_back({data.samples(c, 0), data.samples(c, 1)});
        }
        for (std::size_t k = 0; k + 1 < triangle.rows.size(); ++k) {
            drawn.push_back(Segment{Point(triangle.rows[k][0], triangle.rows[k][1]),
                                    Point(triangle.rows[k + 1][0], triangle.rows[k + 1][1])});
        }
        const std::string name = "triangle" + std::to_string(enclosure.corner_class);
        const std::vector<Eigen::Index> corners(enclosure.corners.begin(), enclosure.corners.end());
        blocks += datablock(name, triangle);
        plot += ", \\\n     $" + name + " using 1:2 with lines dt 2 lw 2 lc rgb '" +
                (enclosure.corner_class == 0 ? zero_colour : one_colour) + "' title " +
                gp_quote("target-" + std::to_string(enclosure.corner_class) + " triangle " + numbered(corners) +
                         " around target-" + std::to_string(1 - enclosure.corner_class) + " " +
                         points_named(enclosure.inside));
        ++triangles;
    }
    return plot;
}

/// The commentary's picture: each input an arrow from the origin (a dot, beyond 20 points, so
/// that the picture stays readable), the learned weights, the boundary where the prediction is
/// 0.5, the prediction everywhere as shading, and each triangle of one class around points of the
/// other, in its corners' colour. Each arrow's number stands where it meets no arrow or line.
inline Figure inputs_figure(const Dataset &data, const Model &neuron, const std::vector<Enclosure> &enclosures) {
    Figure f{"inputs_and_weights", {}, gp_preamble("inputs_and_weights", 1000, 950), ""};
    if (data.samples.cols() != 2) {
        f.skipped = "it draws 2 inputs, the data has " + std::to_string(data.samples.cols());
        return f;
    }
    const Point w = neuron.weights();
    const double b = neuron.bias();
    const Frame frame = frame_around(data, {Point::Zero(), w});
    if (!frame.drawable()) {
        f.skipped = "the inputs and weights span a range too large to draw";
        return f;
    }
    const Model::BatchVector predictions = neuron.predict_batch(data.samples);
    f.data.header = {data.columns[0], data.columns[1], "target", "prediction", "w1", "w2", "bias"};
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        f.data.rows.push_back(
            {data.samples(i, 0), data.samples(i, 1), data.targets(i), predictions(i), w.x(), w.y(), b});
    }
    std::string blocks = datablock("weights", Table{{"w1", "w2"}, {{w.x(), w.y()}}});
    const bool arrows = data.samples.rows() <= 20;
    std::string plot = "plot '++' using 1:2:(prediction($1, $2)) with image notitle" +
                       class_plots(data,
                                   arrows ? "(0):(0):1:2 with vectors head filled size screen "
                                            "0.015,20 lw 2.5 lc rgb '"
                                          : "1:2 with points pt 7 ps 1.2 lc rgb '",
                                   "input", false, blocks) +
                       ", \\\n     $weights using (0):(0):1:2 with vectors head filled size "
                       "screen 0.02,20 lw 4 lc rgb '#1f3fbf' title 'learned weights w'";
    plot += gp_line("boundary", w, b, frame, "lw 3 lc rgb 'black'", "decision boundary: prediction = 0.5", blocks);
    std::vector<Segment> drawn{Segment{Point::Zero(), w}}; // what the numbers keep clear of
    const std::vector<Point> boundary = clip_line(w, b, frame.x0, frame.x1, frame.y0, frame.y1);
    if (boundary.size() == 2) {
        drawn.push_back(Segment{boundary[0], boundary[1]});
    }
    int triangles = 0;
    plot += triangle_elements(data, enclosures, drawn, triangles, blocks);
    if (arrows) {
        std::vector<Point> outward;
        for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
            drawn.push_back(Segment{Point::Zero(), point_of(data, i)});
            outward.push_back(point_of(data, i).norm() > 0 ? point_of(data, i) : Point(1, 1));
        }
        // The plot area: about 740 x 620 pixels of the 1000 x 950 canvas, beside the colour box
        // and above the key.
        const double unit = unit_per_pixel(frame, 740, 620 - 20 * triangles);
        plot += gp_labels(number_labels(data, outward, drawn, frame, unit, 4), blocks);
    }
    f.script += blocks + gp_shading(w, b, frame) + gp_frame(frame, data);
    f.script += "set title 'Inputs " + std::string(arrows ? "as arrows" : "as points") +
                ", the learned weights, and what the neuron predicts'\n";
    f.script += key_below(3 + 1 + triangles, 0.0);
    f.script += "set grid front lc rgb '#bbbbbb'\n" + plot + "\n";
    return f;
}

/// A circle as a plot element (gnuplot's circles take their radius in x units, and the frame
/// keeps both scales equal).
inline std::string gp_circle(const std::string &block, const Disk &d, const std::string &style,
                             const std::string &title, std::string &blocks) {
    blocks += datablock(block, Table{{"x1", "x2", "radius"}, {{d.centre.x(), d.centre.y(), d.radius}}});
    return ", \\\n     $" + block + " using 1:2:3 with circles fs empty border " + style + " title " + gp_quote(title);
}

/// The commentary's radial predictor, tested: the points, the mean of the target-0 inputs with
/// the best circle about it, the best circle of all, and the best line.
inline Figure radial_figure(const Dataset &data, const Disk &about_mean, const Disk &best, const Line &line) {
    Figure f{"radial_predictor",
             {{data.columns[0], data.columns[1], "target"}, {}},
             gp_preamble("radial_predictor", 1000, 950),
             ""};
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        f.data.rows.push_back({data.samples(i, 0), data.samples(i, 1), data.targets(i)});
    }
    // The points wrong, if at most 2: longer lists would run the key past the picture's edge.
    const auto right = [&](const std::vector<Eigen::Index> &wrong) {
        return count(static_cast<std::size_t>(data.samples.rows()) - wrong.size()) + " of " +
               count(static_cast<std::size_t>(data.samples.rows())) + " right" +
               (wrong.empty() || wrong.size() > 2 ? "" : " (wrong: " + numbered(wrong) + ")");
    };
    // The circle about the mean whole, unless it is far larger than the points' spread.
    const Point reach(about_mean.radius, about_mean.radius);
    const Frame points = frame_around(data, {});
    const Frame frame = about_mean.radius <= std::max(points.x1 - points.x0, points.y1 - points.y0)
                            ? frame_around(data, {about_mean.centre - reach, about_mean.centre + reach})
                            : frame_around(data, {about_mean.centre});
    std::string blocks = datablock("mean", Table{{"x1", "x2"}, {{about_mean.centre.x(), about_mean.centre.y()}}});
    std::string plot = "plot $mean using 1:2 with points pt 2 ps 3 lw 3 lc rgb '" + std::string(zero_colour) +
                       "' title 'mean of the target-0 inputs'" +
                       class_plots(data, "1:2 with points pt 7 ps 2 lc rgb '", "point", false, blocks);
    plot += gp_circle("about_mean", about_mean, "dt 2 lw 2.5 lc rgb '" + std::string(zero_colour) + "'",
                      "target 0 inside, best radius about the mean: " + right(about_mean.wrong), blocks);
    plot += gp_circle("best_disk", best, "lw 3 lc rgb '#1f3fbf'",
                      "target " + std::to_string(best.inside_class) + " inside, best disk of all: " + right(best.wrong),
                      blocks);
    plot += gp_line("best_line", line.w, line.b, frame, "dt 3 lw 3 lc rgb 'black'", "best line: " + right(line.wrong),
                    blocks);
    // Each point's number clear of the circles, the line and the other points: the plot area is
    // about 600 x 600 pixels of the 1000 x 950 canvas, above the key.
    std::vector<Segment> drawn{Segment{about_mean.centre, about_mean.centre}};
    add_circle(drawn, about_mean.centre, about_mean.radius);
    add_circle(drawn, best.centre, best.radius);
    const std::vector<Point> ends = clip_line(line.w, line.b, frame.x0, frame.x1, frame.y0, frame.y1);
    if (ends.size() == 2) {
        drawn.push_back(Segment{ends[0], ends[1]});
    }
    const double unit = unit_per_pixel(frame, 600, 600);
    std::vector<Point> outward;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        const Point p = point_of(data, i);
        add_circle(drawn, p, 6 * unit); // the other points' markers
        outward.push_back(p == about_mean.centre ? Point(1, 1) : Point(p - about_mean.centre));
    }
    plot += gp_labels(number_labels(data, outward, drawn, frame, unit, 7), blocks);
    f.script += blocks + gp_frame(frame, data) + key_below(6, 0.0);
    f.script += "set title 'The radial predictor: a circle around the mean of the target-0 "
                "inputs'\nset clip two\n" +
                plot + "\n";
    return f;
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_PLANE_FIGURES_HPP
