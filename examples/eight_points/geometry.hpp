// SPDX-License-Identifier: MIT
// eight_points: the geometry of 2-D data, searched exactly. Which points no line can get right
// (a point inside a triangle of the other class), the best any line can do, and the best any
// disk can do: the commentary's "radius" predictor, tested.
#ifndef TINYNEURON_EXAMPLES_GEOMETRY_HPP
#define TINYNEURON_EXAMPLES_GEOMETRY_HPP

#include "csv.hpp"

#include <Eigen/Core>

#include <algorithm> // std::sort, std::max, std::find
#include <array>     // std::array, a triangle's corners
#include <cmath>     // std::abs, std::atan2
#include <cstddef>   // std::size_t
#include <string>    // std::string, std::to_string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// The exact searches below are cubic in the rows, so they run on 2-D data of at most this many.
constexpr Eigen::Index max_geometry_rows = 60;

/// Why the searches do not apply, or empty if they do: they need two inputs, both classes, and
/// few enough rows.
inline std::string why_no_geometry(const Dataset &data) {
    const Eigen::Index ones = (data.targets.array() >= 0.5).count();
    if (data.samples.cols() != 2) {
        return "they draw and search 2 inputs, and the data has " + std::to_string(data.samples.cols());
    }
    if (ones == 0 || ones == data.samples.rows()) {
        return "every target is " + std::string(ones == 0 ? "0" : "1") + ", there are not two classes to split";
    }
    if (data.samples.rows() > max_geometry_rows) {
        return "the exact searches take time cubic in the rows, so they run on at most " +
               std::to_string(max_geometry_rows) + " rows;\n  the data has " + std::to_string(data.samples.rows());
    }
    return "";
}

using Point = Eigen::Vector2d;

inline Point point_of(const Dataset &data, Eigen::Index i) { return data.samples.row(i).transpose(); }

/// A point's class: 1 if its target is at least 0.5, as the neuron's rounded prediction.
inline int class_of(const Dataset &data, Eigen::Index i) { return data.targets(i) >= 0.5 ? 1 : 0; }

/// The z-component of (b − a) × (p − a): positive if p lies left of the way from a to b.
inline double cross(const Point &a, const Point &b, const Point &p) {
    return (b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x());
}

// ============================================================================================
// Why no line gets every point: a point inside a triangle of the other class
// ============================================================================================

/// Three points of one class that enclose points of the other. A line (or a disk) that puts the
/// three corners on one side puts everything inside their triangle there too.
struct Enclosure {
    std::array<Eigen::Index, 3> corners{};
    std::vector<Eigen::Index> inside; // empty: no triangle of corner_class encloses any point
    int corner_class = 0;
};

inline bool strictly_inside(const Point &p, const Point &a, const Point &b, const Point &c) {
    const double c1 = cross(a, b, p);
    const double c2 = cross(b, c, p);
    const double c3 = cross(c, a, p);
    return (c1 > 0 && c2 > 0 && c3 > 0) || (c1 < 0 && c2 < 0 && c3 < 0);
}

/// The triangle of `corner_class` points that encloses the most points of the other class.
inline Enclosure find_enclosure(const Dataset &data, int corner_class) {
    Enclosure best;
    best.corner_class = corner_class;
    const Eigen::Index n = data.samples.rows();
    for (Eigen::Index a = 0; a < n; ++a) {
        for (Eigen::Index b = a + 1; b < n; ++b) {
            for (Eigen::Index c = b + 1; c < n; ++c) {
                if (class_of(data, a) != corner_class || class_of(data, b) != corner_class ||
                    class_of(data, c) != corner_class) {
                    continue;
                }
                Enclosure e{{a, b, c}, {}, corner_class};
                for (Eigen::Index p = 0; p < n; ++p) {
                    if (class_of(data, p) != corner_class &&
                        strictly_inside(point_of(data, p), point_of(data, a), point_of(data, b), point_of(data, c))) {
                        e.inside.push_back(p);
                    }
                }
                if (e.inside.size() > best.inside.size()) {
                    best = e;
                }
            }
        }
    }
    return best;
}

// ============================================================================================
// The best line: the most points one neuron can classify right
// ============================================================================================

/// A neuron's decision rule as a line: class 1 where w·x + b ≥ 0, as σ(w·x + b) ≥ 0.5.
struct Line {
    Point w = Point::Zero();
    double b = 0;
    std::vector<Eigen::Index> wrong;
};

inline std::vector<Eigen::Index> wrong_of_line(const Dataset &data, const Point &w, double b) {
    std::vector<Eigen::Index> wrong;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        if ((w.dot(point_of(data, i)) + b >= 0 ? 1 : 0) != class_of(data, i)) {
            wrong.push_back(i);
        }
    }
    return wrong;
}

/// The lines near the one through points i and j: tilted and shifted so slightly that no other
/// point changes side, while the points on the line (i, j and any collinear with them, ordered
/// along it) go to either side of a cut, in both directions, with both orientations.
inline std::vector<Line> lines_near(const Dataset &data, Eigen::Index i, Eigen::Index j) {
    const Point a = point_of(data, i);
    const Point d = (point_of(data, j) - a).normalized();
    const Point normal(-d.y(), d.x());
    std::vector<double> along; // positions of the points on the line
    double nearest = 1e300;    // the smallest distance of a point off the line
    double farthest = 1;       // the largest position along the line, in size
    for (Eigen::Index p = 0; p < data.samples.rows(); ++p) {
        const Point v = point_of(data, p) - a;
        const double off = std::abs(normal.dot(v));
        farthest = std::max(farthest, std::abs(d.dot(v)) + 1);
        if (off <= 1e-12 * (1 + v.norm())) {
            along.push_back(d.dot(v));
        } else {
            nearest = std::min(nearest, off);
        }
    }
    std::sort(along.begin(), along.end());
    const double tilt = nearest >= 1e300 ? 1.0 : 0.25 * nearest / farthest;
    std::vector<Line> lines;
    for (std::size_t k = 0; k <= along.size(); ++k) {
        if (k > 0 && k < along.size() && along[k - 1] == along[k]) {
            continue; // no cut between two copies of one point
        }
        const double cut = k == 0              ? along.front() - 1
                           : k == along.size() ? along.back() + 1
                                               : (along[k - 1] + along[k]) / 2;
        for (const double side : {1.0, -1.0}) {
            for (const double direction : {1.0, -1.0}) {
                // score(x) = side·normal·(x − a) + tilt·direction·(d·(x − a) − cut)
                const Point w = side * normal + tilt * direction * d;
                const double b = -w.dot(a) - tilt * direction * cut;
                lines.push_back(Line{w, b, wrong_of_line(data, w, b)});
            }
        }
    }
    return lines;
}

/// The best any line can do, found exhaustively: a line that classifies the most points right
/// can be moved, keeping every point's side, until it runs through two points, so the lines near
/// those through each pair of points (lines_near) and the constant answers cover every case.
struct BestLine {
    Line line;                                       // one best line
    std::vector<std::vector<Eigen::Index>> given_up; // what each best line gets wrong, distinct
};

inline BestLine best_line(const Dataset &data) {
    std::vector<Line> candidates{Line{Point::Zero(), 1, wrong_of_line(data, Point::Zero(), 1)},
                                 Line{Point::Zero(), -1, wrong_of_line(data, Point::Zero(), -1)}};
    const Eigen::Index n = data.samples.rows();
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = i + 1; j < n; ++j) {
            if (point_of(data, i) != point_of(data, j)) {
                for (Line &line : lines_near(data, i, j)) {
                    candidates.push_back(std::move(line));
                }
            }
        }
    }
    BestLine best{candidates.front(), {}};
    for (const Line &line : candidates) {
        if (line.wrong.size() < best.line.wrong.size()) {
            best.line = line;
        }
    }
    for (const Line &line : candidates) {
        if (line.wrong.size() == best.line.wrong.size() &&
            std::find(best.given_up.begin(), best.given_up.end(), line.wrong) == best.given_up.end()) {
            best.given_up.push_back(line.wrong);
        }
    }
    std::sort(best.given_up.begin(), best.given_up.end());
    return best;
}

// ============================================================================================
// Disks: the commentary's radial predictor, and the best disk of all
// ============================================================================================

/// Predicts `inside_class` for the points inside the circle, the other class outside. `wrong`
/// is exact; for points on the circle it counts what a slightly moved circle holds (try_circle).
struct Disk {
    Point centre = Point::Zero();
    double radius = 0;
    int inside_class = 0;
    std::vector<Eigen::Index> wrong;
};

/// The mean of the inputs of one class: the commentary's "average of the red arrows".
inline Point mean_of_class(const Dataset &data, int cls) {
    Point sum = Point::Zero();
    double count = 0;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        if (class_of(data, i) == cls) {
            sum += point_of(data, i);
            count += 1;
        }
    }
    return count > 0 ? Point(sum / count) : sum;
}

inline std::vector<Eigen::Index> wrong_of_disk(const Dataset &data, const Point &centre, double radius,
                                               int inside_class) {
    std::vector<Eigen::Index> wrong;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        const bool inside = (point_of(data, i) - centre).norm() < radius;
        if ((inside ? inside_class : 1 - inside_class) != class_of(data, i)) {
            wrong.push_back(i);
        }
    }
    return wrong;
}

/// The best radius about a fixed centre, predicting `inside_class` inside: the radii between
/// consecutive distances of the points, none and all included; the smallest of equals wins.
inline Disk best_radius_about(const Dataset &data, const Point &centre, int inside_class) {
    std::vector<double> distances{0};
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        distances.push_back((point_of(data, i) - centre).norm());
    }
    std::sort(distances.begin(), distances.end());
    Disk best{centre, 0, inside_class, wrong_of_disk(data, centre, 0, inside_class)};
    for (std::size_t k = 0; k < distances.size(); ++k) {
        const double radius = k + 1 < distances.size() ? (distances[k] + distances[k + 1]) / 2 : distances[k] + 1;
        std::vector<Eigen::Index> wrong = wrong_of_disk(data, centre, radius, inside_class);
        if (wrong.size() < best.wrong.size()) {
            best = Disk{centre, radius, inside_class, std::move(wrong)};
        }
    }
    return best;
}

/// Scores the disks near one circle: the points on it ordered by angle, any run of them that
/// are neighbours on the circle counted inside (what a slightly moved circle can hold), and
/// either class predicted inside. Keeps the best in `best`.
inline void try_circle(const Dataset &data, const Point &centre, double radius, Disk &best) {
    std::vector<std::pair<double, Eigen::Index>> on; // (angle, row) of the points on the circle
    std::vector<bool> inside(static_cast<std::size_t>(data.samples.rows()), false);
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        const Point v = point_of(data, i) - centre;
        if (std::abs(v.norm() - radius) <= 1e-9 * (1 + radius)) {
            on.emplace_back(std::atan2(v.y(), v.x()), i);
        }
        inside[static_cast<std::size_t>(i)] = v.norm() < radius;
    }
    std::sort(on.begin(), on.end());
    const std::size_t m = on.size();
    for (std::size_t length = 0; length <= m; ++length) {
        for (std::size_t start = 0; start < (length == 0 || length == m ? 1 : m); ++start) {
            std::vector<bool> held = inside;
            for (std::size_t k = 0; k < m; ++k) {
                held[static_cast<std::size_t>(on[k].second)] = (k + m - start) % m < length;
            }
            for (const int cls : {0, 1}) {
                std::vector<Eigen::Index> wrong;
                for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
                    if ((held[static_cast<std::size_t>(i)] ? cls : 1 - cls) != class_of(data, i)) {
                        wrong.push_back(i);
                    }
                }
                if (wrong.size() < best.wrong.size()) {
                    best = Disk{centre, radius, cls, std::move(wrong)};
                }
            }
        }
    }
}

/// The best disk of any centre and radius, found exactly: a best disk can be shrunk and moved,
/// keeping what it holds, until its circle runs through three points (or two, across a
/// diameter), so the circles through every triple and pair of points, each moved slightly
/// (try_circle), cover every case.
inline Disk best_disk(const Dataset &data) {
    const Eigen::Index n = data.samples.rows();
    Disk best{Point::Zero(), 0, 0, wrong_of_disk(data, Point::Zero(), 0, 0)};
    for (Eigen::Index i = 0; i < n; ++i) {
        try_circle(data, point_of(data, i), 0, best); // a tiny disk around one point
        for (Eigen::Index j = i + 1; j < n; ++j) {
            const Point a = point_of(data, i);
            const Point b = point_of(data, j);
            try_circle(data, (a + b) / 2, (a - b).norm() / 2, best);
            for (Eigen::Index k = j + 1; k < n; ++k) {
                const Point c = point_of(data, k);
                const double d = 2 * cross(a, b, c);
                if (std::abs(d) <= 1e-12 * (1 + (b - a).squaredNorm() + (c - a).squaredNorm())) {
                    continue; // collinear: no circle
                }
                // The circumcentre, relative to a: solves |u| = |u − (b − a)| = |u − (c − a)|.
                const Point ab = b - a;
                const Point ac = c - a;
                const Point u((ac.y() * ab.squaredNorm() - ab.y() * ac.squaredNorm()) / d,
                              (ab.x() * ac.squaredNorm() - ac.x() * ab.squaredNorm()) / d);
                try_circle(data, a + u, u.norm(), best);
            }
        }
    }
    return best;
}

/// The segment of the line w·x + b = 0 inside the box [x0, x1] × [y0, y1]; empty if the line
/// misses the box.
inline std::vector<Point> clip_line(const Point &w, double b, double x0, double x1, double y0, double y1) {
    std::vector<Point> ends;
    if (w.y() != 0.0) {
        for (const double x : {x0, x1}) {
            const double y = -(w.x() * x + b) / w.y();
            if (y >= y0 && y <= y1) {
                ends.emplace_back(x, y);
            }
        }
    }
    if (w.x() != 0.0) {
        for (const double y : {y0, y1}) {
            const double x = -(w.y() * y + b) / w.x();
            if (x > x0 && x < x1) {
                ends.emplace_back(x, y);
            }
        }
    }
    if (ends.size() > 2) {
        ends.erase(ends.begin() + 1, ends.end() - 1);
    }
    return ends.size() == 2 ? ends : std::vector<Point>{};
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_GEOMETRY_HPP
