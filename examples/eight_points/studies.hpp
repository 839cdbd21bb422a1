// SPDX-License-Identifier: MIT
// eight_points: the printed analyses of what one neuron can learn on the data (the geometry)
// and of how the settings and the loss change what it does learn (over many seeds).
#ifndef TINYNEURON_EXAMPLES_STUDIES_HPP
#define TINYNEURON_EXAMPLES_STUDIES_HPP

#include "csv.hpp"
#include "geometry.hpp"
#include "runs.hpp"
#include "text.hpp"

#include <algorithm> // std::max
#include <array>     // std::array, a pair of settings compared
#include <cstddef>   // std::size_t
#include <cstdio>    // std::printf
#include <string>    // std::string
#include <vector>    // std::vector

namespace tinyneuron::examples {

/// "6 of 8 right".
inline std::string right_of(const Dataset &data, const std::vector<Eigen::Index> &wrong) {
    const auto n = static_cast<std::size_t>(data.samples.rows());
    return count(n - wrong.size()) + " of " + count(n) + " right";
}

/// Why no line (and no disk) can hold one class alone: points of one class inside a triangle
/// of the other. `enclosures` holds one per class of corners.
inline void print_enclosures(const std::vector<Enclosure> &enclosures) {
    for (const Enclosure &e : enclosures) {
        if (e.inside.empty()) {
            continue;
        }
        const std::vector<Eigen::Index> corners(e.corners.begin(), e.corners.end());
        std::printf("  %s (target %d) lie%s inside the triangle of target-%d points %s.\n",
                    points_named(e.inside).c_str(), 1 - e.corner_class, e.inside.size() > 1 ? "" : "s", e.corner_class,
                    numbered(corners).c_str());
    }
    std::printf("  A line (or a disk) that puts a triangle's corners on one side puts its inside "
                "there too.\n");
}

/// The best line, found exhaustively, and what every best line gives up.
inline void print_best_line(const Dataset &data, const BestLine &best, const Model &verified) {
    std::printf("\nthe best any line can do (every line near one through two points, searched):"
                "\n  %s; no line gets more. Each best line gives up one of:",
                right_of(data, best.line.wrong).c_str());
    for (std::size_t k = 0; k < best.given_up.size(); ++k) {
        std::printf("%s {%s}", k == 0 ? "" : ",", numbered(best.given_up[k]).c_str());
    }
    std::printf("\n  one as a neuron: weights %s %s, bias %s: accuracy() says %s of "
                "%lld right\n",
                fixed(verified.weights()(0), 4).c_str(), fixed(verified.weights()(1), 4).c_str(),
                fixed(verified.bias(), 4).c_str(),
                brief(verified.accuracy(data.samples, data.targets) * static_cast<double>(data.samples.rows())).c_str(),
                static_cast<long long>(data.samples.rows()));
}

/// The commentary's radial predictor, and the best disk of all, against the best line.
inline void print_disks(const Dataset &data, const Disk &about_mean, const Disk &best, const BestLine &line) {
    const auto wrong = [](const Disk &d) { return d.wrong.empty() ? std::string("none") : numbered(d.wrong); };
    std::printf("\nthe commentary's radial predictor: target 0 inside a circle about the mean of "
                "the target-0\ninputs, (%s, %s); the best radius, %s: %s, wrong: %s\n",
                fixed(about_mean.centre.x(), 4).c_str(), fixed(about_mean.centre.y(), 4).c_str(),
                fixed(about_mean.radius, 4).c_str(), right_of(data, about_mean.wrong).c_str(),
                wrong(about_mean).c_str());
    std::printf("  the best disk of any centre and radius (every circle through two or three "
                "points, searched):\n  target %d inside a circle about (%s, %s), radius %s: %s, "
                "wrong: %s\n",
                best.inside_class, fixed(best.centre.x(), 4).c_str(), fixed(best.centre.y(), 4).c_str(),
                fixed(best.radius, 4).c_str(), right_of(data, best.wrong).c_str(), wrong(best).c_str());
    const std::size_t disk = best.wrong.size();
    const std::size_t by_line = line.line.wrong.size();
    std::printf("  the best disk gets %s the best line;\n  %s\n",
                disk < by_line   ? "more right than"
                : disk > by_line ? "fewer right than"
                                 : "as many right as",
                best.wrong.empty() ? "a disk holds exactly one class"
                                   : "no disk holds exactly one class: a disk holding a "
                                     "triangle's corners holds its inside");
}

/// The commentary's change from the main run's start: learning rate / 10, 3 x the iterations.
inline void print_same_start(const Dataset &data, const Run &run, const std::vector<Setting> &settings) {
    std::printf("\nlearning rate / 10 with 3 x the iterations, from the same start:\n");
    for (std::size_t i = 0; i < settings.size(); ++i) {
        const Trained &t = run.trained[i];
        std::printf(
            "  %-40s after the last iteration %s, %s of %lld right\n", settings[i].label.c_str(),
            fixed(t.final_error, 4).c_str(),
            brief(t.neuron.accuracy(data.samples, data.targets) * static_cast<double>(data.samples.rows())).c_str(),
            static_cast<long long>(data.samples.rows()));
    }
}

/// "1.1 x less" or "1.1 x MORE": how `b` compares with `a`.
inline std::string ratio(double a, double b) {
    return b > 0 && a > 0 ? fixed(a >= b ? a / b : b / a, 1) + " x " + (a >= b ? "less" : "MORE")
                          : std::string("(no ratio: a zero)");
}

/// The commentary's variance claim for one pair of settings, the second with the smaller step:
/// the spread of the final error between starts, its level, and the noise of each curve.
inline void print_variance(const std::array<const Spread *, 2> &pair, std::size_t runs) {
    const Summary fast = summary_of(pair[0]->finals);
    const Summary slow = summary_of(pair[1]->finals);
    std::printf("\n");
    for (const Spread *s : pair) {
        const Summary f = summary_of(s->finals);
        std::printf("  %-40s %s +- %s   (median %s)   noise %s\n", s->setting.label.c_str(), fixed(f.mean, 4).c_str(),
                    fixed(f.sd, 4).c_str(), fixed(f.median, 4).c_str(), fixed(mean_rise(s->histories), 4).c_str());
    }
    if (runs > 1) {
        std::printf("  with the smaller step: spread between starts %s, noise of a curve %s,\n"
                    "  median %s (learning rate x iterations: %s against %s)\n",
                    ratio(fast.sd, slow.sd).c_str(),
                    ratio(mean_rise(pair[0]->histories), mean_rise(pair[1]->histories)).c_str(),
                    slow.median > fast.median   ? "higher"
                    : slow.median < fast.median ? "lower"
                                                : "the same",
                    brief(travel(pair[1]->setting)).c_str(), brief(travel(pair[0]->setting)).c_str());
    }
}

/// The claim, summed up from the pairs: where the smaller step varied less between starts,
/// and where it did not, by how far each setting travelled.
inline void print_variance_claim(const std::vector<std::array<const Spread *, 2>> &pairs) {
    std::string holds;
    std::string fails;
    for (const std::array<const Spread *, 2> &pair : pairs) {
        const bool less = summary_of(pair[1]->finals).sd < summary_of(pair[0]->finals).sd;
        std::string &list = less ? holds : fails;
        list += (list.empty() ? "" : ", ") + brief(travel(pair[1]->setting)) + " against " +
                brief(travel(pair[0]->setting));
    }
    std::printf("  so the smaller step varies less between starts where it travels (learning rate x"
                "\n  iterations) %s, and not where it travels %s\n",
                holds.empty() ? "(nowhere here)" : holds.c_str(), fails.empty() ? "(nowhere here)" : fails.c_str());
}

/// A start has stalled if its final squared error is above 3.3 on 8 points, 0.4125 per point:
/// such a neuron predicts nearly 0 or nearly 1 for most points, where σ is flat.
inline double stall_threshold(const Dataset &data) { return 0.4125 * static_cast<double>(data.samples.rows()); }

/// The tutorial's loss against cross-entropy: same starts, draws, rate and iterations.
inline void print_losses(const Dataset &data, const std::vector<const Spread *> &pair) {
    std::printf("\nthe loss, compared: %s, from the same %zu starts and draws\n"
                "  trained with       stalled (> %s)   final squared error   median   accuracy\n",
                pair[0]->setting.label.c_str(), pair[0]->finals.size(), brief(stall_threshold(data)).c_str());
    for (const Spread *s : pair) {
        const Summary f = summary_of(s->finals, stall_threshold(data));
        const Summary a = summary_of(s->accuracies);
        std::printf("  %-18s %10s %%      %s +- %s     %s   %5s %%\n", loss_name(s->setting.options.loss),
                    fixed(100.0 * static_cast<double>(f.above) / static_cast<double>(s->finals.size()), 1).c_str(),
                    fixed(f.mean, 4).c_str(), fixed(f.sd, 4).c_str(), fixed(f.median, 4).c_str(),
                    fixed(100 * a.mean, 1).c_str());
    }
}

/// On the user's own data, a neuron no better than always answering the more common target
/// gets a hint instead of silence.
inline void print_hint(const Dataset &data, const Model &neuron, const Setting &setting) {
    const double ones = (data.targets.array() >= 0.5).cast<double>().mean();
    const double chance = std::max(ones, 1 - ones);
    const double accuracy = neuron.accuracy(data.samples, data.targets);
    if (accuracy > chance) {
        return;
    }
    std::printf("\nhint: the neuron gets %s %% right, no better than always answering the more "
                "common target (%s %%).\n  Try a larger --learning-rate (now %s), more "
                "--iterations (now %s), or --loss %s;\n  inputs on very different scales also "
                "slow it down. Data that no line separates stays hard for one neuron.\n",
                fixed(100 * accuracy, 1).c_str(), fixed(100 * chance, 1).c_str(),
                brief(setting.options.learning_rate).c_str(), count(setting.options.iterations).c_str(),
                setting.options.loss == Loss::squared_error ? "cross-entropy" : "squared-error");
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_STUDIES_HPP
