// SPDX-License-Identifier: MIT
// eight_points: the training runs and their statistics. One seed gives one random start and one
// stream of sample draws; every setting compared trains from that same start with those same
// draws, so that the settings differ only in themselves. Every curve records the tutorial's
// squared error, whatever loss trains.
#ifndef TINYNEURON_EXAMPLES_RUNS_HPP
#define TINYNEURON_EXAMPLES_RUNS_HPP

#include "csv.hpp"
#include "progress.hpp"
#include "text.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm>  // std::sort, std::stable_partition, std::min, std::max, std::clamp
#include <cmath>      // std::sqrt
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <functional> // std::function
#include <random>     // std::mt19937_64
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

namespace tinyneuron::examples {

using Model = Neuron<double>;
using Histories = std::vector<std::vector<double>>;

/// How to train, and how the output names it.
struct Setting {
    TrainOptions<double> options;
    std::string label; // "learning rate 0.01, 1000 iterations"
};

inline Setting make_setting(double rate, std::size_t iterations, std::size_t record_every,
                            Loss loss = Loss::squared_error) {
    TrainOptions<double> options;
    options.learning_rate = rate;
    options.iterations = iterations;
    options.record_every = record_every;
    options.loss = loss;
    return {options, "learning rate " + brief(rate) + ", " + count(iterations) + " iterations"};
}

inline const char *loss_name(Loss loss) { return loss == Loss::squared_error ? "squared error" : "cross-entropy"; }

/// The iteration (from 0) after whose update record k was taken.
inline double recorded_at(const Setting &setting, std::size_t k) {
    return static_cast<double>(k * setting.options.record_every);
}

/// One training: its records of the squared error (after iteration k · record_every), and the
/// neuron and its squared error after the last iteration.
struct Trained {
    Model neuron;
    std::vector<double> history;
    double final_error = 0;
};

using OnRecord = std::function<void(std::size_t iteration, double error)>;

/// Trains `start` with `setting`, taking samples from `draws`; `on_record` sees each record.
/// Squared error is recorded by the library itself. Another loss trains in pieces that end at
/// the records, the squared error measured after each: the draws are the same as one call's,
/// since each iteration takes one sample index from `draws`.
inline Trained train_setting(const Model &start, const Dataset &data, const Setting &setting, std::mt19937_64 &draws,
                             const OnRecord &on_record) {
    const TrainOptions<double> &options = setting.options;
    Trained run{start, {}, 0};
    if (options.loss == Loss::squared_error) {
        run.history = run.neuron.train(data.samples, data.targets, options, draws,
                                       [&](std::size_t i, double e) { on_record(i, e); });
    } else {
        TrainOptions<double> piece = options;
        for (std::size_t done = 0; done < options.iterations; done += piece.iterations) {
            // The first piece is one iteration, as record 0 follows the first update.
            piece.iterations = std::min(done == 0 ? 1 : options.record_every, options.iterations - done);
            piece.record_every = piece.iterations;
            try {
                (void)run.neuron.train(data.samples, data.targets, piece, draws);
            } catch (const DivergenceError &e) {
                throw std::runtime_error("tinyneuron::Neuron::train: diverged at iteration " +
                                         count(done + e.iteration()) + " with learning rate " +
                                         brief(options.learning_rate));
            }
            const std::size_t last = done + piece.iterations - 1;
            if (last % options.record_every == 0) {
                run.history.push_back(run.neuron.error(data.samples, data.targets));
                on_record(last, run.history.back());
            }
        }
    }
    run.final_error = run.neuron.error(data.samples, data.targets);
    return run;
}

/// One seed's runs: its random start, then each setting trained from it with the same draws.
/// `on_record` sees each record, its iteration counted through the settings in turn.
struct Run {
    Model start;
    std::vector<Trained> trained;
};

inline Run train_from_seed(const Dataset &data, const std::vector<Setting> &settings, std::uint64_t seed,
                           const OnRecord &on_record) {
    std::mt19937_64 rng(seed);
    Run run{Model::random(data.samples.cols(), rng), {}};
    std::size_t before = 0; // iterations of the settings trained before this one
    for (const Setting &setting : settings) {
        std::mt19937_64 draws = rng; // each setting sees the same samples in the same order
        try {
            run.trained.push_back(train_setting(run.start, data, setting, draws,
                                                [&](std::size_t i, double e) { on_record(before + i, e); }));
            before += setting.options.iterations;
        } catch (const std::runtime_error &e) {
            // DivergenceError or std::overflow_error: say which run it was.
            throw std::runtime_error("training with seed " + std::to_string(seed) + ", " + setting.label +
                                     ", failed: " + e.what());
        }
    }
    return run;
}

// ============================================================================================
// Over many seeds
// ============================================================================================

/// One setting trained from the starts of many seeds.
struct Spread {
    Setting setting;
    Histories histories;            // per seed
    std::vector<double> finals;     // squared error after the last iteration, per seed
    std::vector<double> accuracies; // share of points right after the last iteration, per seed
};

/// Each setting trained from the starts of seeds first, first + 1, ..., first + runs − 1.
inline std::vector<Spread> spread_over_seeds(const Dataset &data, const std::vector<Setting> &settings,
                                             std::uint64_t first, std::size_t runs, Progress &progress) {
    std::vector<Spread> spreads;
    spreads.reserve(settings.size());
    for (const Setting &setting : settings) {
        spreads.push_back(Spread{setting, {}, {}, {}});
    }
    for (std::size_t r = 0; r < runs; ++r) {
        const Run run = train_from_seed(data, settings, first + r, [](std::size_t, double) {});
        for (std::size_t i = 0; i < settings.size(); ++i) {
            spreads[i].histories.push_back(run.trained[i].history);
            spreads[i].finals.push_back(run.trained[i].final_error);
            spreads[i].accuracies.push_back(run.trained[i].neuron.accuracy(data.samples, data.targets));
        }
        progress.report("training from many starts", r + 1, runs);
    }
    progress.finish();
    return spreads;
}

/// The p-quantile of sorted values, interpolating linearly between neighbours.
inline double quantile(const std::vector<double> &sorted, double p) {
    const double at = p * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(at);
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = at - static_cast<double>(below);
    return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

/// Mean, sample standard deviation, quantiles, and how many exceed a threshold.
struct Summary {
    double mean = 0, sd = 0, median = 0, p10 = 0, p90 = 0;
    std::size_t above = 0; // values above the threshold given
};

inline Summary summary_of(std::vector<double> values, double threshold = 1e300) {
    Summary s;
    const auto n = static_cast<double>(values.size());
    for (const double v : values) {
        s.mean += v / n;
        s.above += v > threshold ? 1 : 0;
    }
    for (const double v : values) {
        s.sd += (v - s.mean) * (v - s.mean);
    }
    s.sd = values.size() > 1 ? std::sqrt(s.sd / (n - 1)) : 0.0;
    std::sort(values.begin(), values.end());
    s.median = quantile(values, 0.5);
    s.p10 = quantile(values, 0.1);
    s.p90 = quantile(values, 0.9);
    return s;
}

/// The median and the 10–90 % band of the records, per record.
struct Band {
    std::vector<double> p10, median, p90;
};

inline Band band_of(const Histories &histories) {
    Band band;
    for (std::size_t k = 0; k < histories.front().size(); ++k) {
        std::vector<double> at;
        for (const std::vector<double> &h : histories) {
            at.push_back(h[k]);
        }
        const Summary s = summary_of(at);
        band.p10.push_back(s.p10);
        band.median.push_back(s.median);
        band.p90.push_back(s.p90);
    }
    return band;
}

/// The curve's rise from one record to the next, mean over its record intervals and over the
/// seeds: descent alone only lowers the error, so every rise is the noise of single-sample
/// steps. Per interval, so that runs of different lengths compare.
inline double mean_rise(const Histories &histories) {
    double rise = 0;
    double intervals = 0;
    for (const std::vector<double> &h : histories) {
        for (std::size_t k = 1; k < h.size(); ++k) {
            rise += std::max(h[k] - h[k - 1], 0.0);
            intervals += 1;
        }
    }
    return intervals > 0 ? rise / intervals : 0.0;
}

/// How far a setting can move the weights: the sum of its step sizes.
inline double travel(const Setting &setting) {
    return setting.options.learning_rate * static_cast<double>(setting.options.iterations);
}

// ============================================================================================
// What the data allows: a line that separates it, or the floor, the lowest squared error
// ============================================================================================

/// The cross-entropy fitted by Newton's method from the zero neuron, before any long work. The
/// cross-entropy is convex, so this finds its one minimum, or finds that it has none: with
/// targets of 0 and 1 that a line separates (one class alone is a case of it), every loss only
/// tends to 0 as the weights grow, and fit stops, FitStatus::no_minimum, at the first
/// parameters that put every row on its target's side.
struct Separation {
    Model neuron; // the cross-entropy's minimum, or a neuron that gets every row right
    FitResult<double> fit;
    Eigen::Index rows = 0, ones = 0; // rows, and rows of class 1 (target >= 0.5)

    /// Every row strictly on its side (not merely on the line, as where the classes touch).
    bool separated() const {
        return fit.status == FitStatus::no_minimum && fit.separated_rows == static_cast<std::size_t>(rows);
    }
    /// No minimum, but rows of both classes lie on the separating line: separated only in the limit.
    bool touching() const { return fit.status == FitStatus::no_minimum && !separated(); }
    /// Every row of one class: nothing for a line, a disk or a hint to do.
    bool one_class() const { return ones == 0 || ones == rows; }
};

inline Separation separation_of(const Dataset &data) {
    Separation s{Model(Model::Vector::Zero(data.samples.cols()), 0.0),
                 {},
                 data.samples.rows(),
                 (data.targets.array() >= 0.5).count()};
    s.fit = s.neuron.fit(data.samples, data.targets);
    return s;
}

/// Where one fit of the squared error ended.
struct End {
    double error = 0;
    std::size_t starts = 0; // how many ended there
    bool minimum = true;    // false: it levels off as the weights grow (some |z| > 30)
};

struct Floor {
    Model neuron;
    double error = 0;
    bool minimum = true;          // false: the lowest only levels off as the weights grow
    std::size_t from_entropy = 0; // fit's steps from the cross-entropy's minimum
    std::size_t starts = 0;       // random starts, after that one
    std::size_t wanted = 50;      // random starts wanted; fewer if their steps cost too much
    std::size_t most_steps = 0;   // the most steps any fit took
    std::size_t moving = 0;       // fits still moving after max_iterations steps
    std::size_t reached = 0;      // fits that end within 0.001 of the lowest, of starts + 1
    std::vector<End> others;      // where the others end, lowest first
};

/// The fits for the floor stop starting once their steps have cost about this many operations
/// (a step costs about rows × ((inputs + 1)² + 20): the Hessian, and an exponential per row).
/// On 10,000 rows × 10 inputs that is some 1400 steps, about one second.
constexpr double floor_budget = 2e9;

/// A random start on the data's own scale: standard normal weights, as Model::random draws
/// them, for the inputs centred and divided by their standard deviation, so that z = w·x + b
/// spreads alike over the rows whatever the inputs' units: on raw inputs in the hundreds a start
/// saturates every row, where σ' vanishes and fit's steps barely move it. On the 8 points this
/// still finds both minima (1.8838 and 2.3983).
inline Model scaled_start(const Dataset &data, std::mt19937_64 &rng) {
    const Model unit = Model::random(data.samples.cols(), rng);
    const Eigen::RowVectorXd mean = data.samples.colwise().mean();
    const Eigen::RowVectorXd sd =
        ((data.samples.rowwise() - mean).colwise().squaredNorm() / static_cast<double>(data.samples.rows()))
            .cwiseSqrt();
    Model::Vector w(data.samples.cols());
    for (Eigen::Index j = 0; j < w.size(); ++j) {
        w(j) = unit.weights()(j) / (sd(j) > 0 ? sd(j) : 1.0);
    }
    return Model(w, unit.bias() - mean.dot(w));
}

/// The lowest squared error found by fit (Newton's method) from the cross-entropy's minimum and
/// from up to 50 random starts (scaled_start, from the seed's generator). A fit can end at a
/// local minimum, or far out where some rows are saturated (|z| > 30, σ' < 10⁻¹³): rows on their
/// wrong side there no longer move, rows on their right side keep gaining a little as the weights
/// grow, and the error only levels off, at no minimum.
inline Floor lowest_error(const Dataset &data, const Model &entropy_minimum, std::uint64_t seed) {
    FitOptions<double> options;
    options.loss = Loss::squared_error;
    Floor floor{entropy_minimum, 0, true, 0, 0, 50, 0, 0, 0, {}};
    const double d = static_cast<double>(data.samples.cols()) + 1;
    const double step_cost = static_cast<double>(data.samples.rows()) * (d * d + 20);
    double spent = 0;
    std::vector<End> ends;
    const auto fit_from = [&](Model neuron) {
        const FitResult<double> r = neuron.fit(data.samples, data.targets, options);
        spent += static_cast<double>(r.iterations + 1) * step_cost;
        floor.most_steps = std::max(floor.most_steps, r.iterations);
        floor.moving += r.status == FitStatus::max_iterations ? 1U : 0U;
        const Eigen::VectorXd z = (data.samples * neuron.weights()).array() + neuron.bias();
        ends.push_back(End{r.objective, 1, z.cwiseAbs().maxCoeff() <= 30});
        if (ends.size() == 1 || r.objective < floor.error) {
            floor.neuron = neuron;
            floor.error = r.objective;
            floor.minimum = ends.back().minimum;
        }
        return r.iterations;
    };
    floor.from_entropy = fit_from(entropy_minimum);
    std::mt19937_64 rng(seed);
    for (; floor.starts < floor.wanted && spent < floor_budget; ++floor.starts) {
        (void)fit_from(scaled_start(data, rng));
    }
    // The lowest first; then the local minima before the ends that only level off.
    std::sort(ends.begin(), ends.end(), [](const End &a, const End &b) { return a.error < b.error; });
    std::stable_partition(ends.begin() + 1, ends.end(), [](const End &e) { return e.minimum; });
    for (const End &e : ends) {
        if (e.error <= floor.error + 1e-3) {
            ++floor.reached;
        } else if (!floor.others.empty() && e.error - floor.others.back().error <= 1e-6 * (1 + e.error) &&
                   e.minimum == floor.others.back().minimum) {
            ++floor.others.back().starts;
        } else {
            floor.others.push_back(e);
        }
    }
    return floor;
}

/// A neuron that classifies every row but `left_out` right, if a line can: full-batch
/// cross-entropy descent on the kept rows alone. On rows that a line separates the weights keep
/// growing towards the direction of the widest margin, so its line stands clear of the points.
inline Model separating_neuron(const Dataset &data, const std::vector<Eigen::Index> &left_out) {
    std::vector<Eigen::Index> kept;
    for (Eigen::Index i = 0; i < data.samples.rows(); ++i) {
        if (std::find(left_out.begin(), left_out.end(), i) == left_out.end()) {
            kept.push_back(i);
        }
    }
    Eigen::MatrixXd x(static_cast<Eigen::Index>(kept.size()), data.samples.cols());
    Eigen::VectorXd t(x.rows());
    for (Eigen::Index k = 0; k < x.rows(); ++k) {
        x.row(k) = data.samples.row(kept[static_cast<std::size_t>(k)]);
        t(k) = data.targets(kept[static_cast<std::size_t>(k)]) >= 0.5 ? 1.0 : 0.0;
    }
    TrainOptions<double> options;
    options.loss = Loss::cross_entropy;
    options.batch_size = 0;
    options.learning_rate = 0.4;
    options.iterations = 20000;
    options.record_every = options.iterations;
    Model neuron(Model::Vector::Zero(data.samples.cols()), 0.0);
    std::mt19937_64 unused(0); // full batch draws nothing
    (void)neuron.train(x, t, options, unused);
    return neuron;
}

} // namespace tinyneuron::examples

#endif // TINYNEURON_EXAMPLES_RUNS_HPP
