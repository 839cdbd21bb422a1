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

#include <algorithm>  // std::sort, std::min, std::max
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
// The floor: the lowest squared error any one neuron reaches on the data
// ============================================================================================

struct Floor {
    Model neuron;
    double error = 0;
    std::size_t starts = 0;
    std::size_t converged = 0;  // starts whose gradient vanished (|g| < 1e-9)
    std::size_t iterations = 0; // the most any start took
    std::size_t reached = 0;    // starts that end within 1e-3 of the lowest
    std::vector<double> others; // where the other starts end: local minima, or still moving
};

/// Full-batch descent from one start (batch_size 0: the exact mean gradient, no draws) until
/// its gradient vanishes or `budget` iterations; true if it vanished.
inline bool descend(Model &neuron, const Dataset &data, double rate, std::size_t budget, std::size_t &iterations) {
    TrainOptions<double> options;
    options.batch_size = 0;
    options.learning_rate = rate;
    options.iterations = 1000;
    options.record_every = options.iterations;
    std::mt19937_64 unused(0); // full batch draws nothing
    for (iterations = 0; iterations < budget; iterations += options.iterations) {
        (void)neuron.train(data.samples, data.targets, options, unused);
        const Model::Gradients g = neuron.batch_gradients(data.samples, data.targets);
        if (std::sqrt(g.weights.squaredNorm() + g.bias * g.bias) < 1e-9) {
            iterations += options.iterations;
            return true;
        }
    }
    return false;
}

/// The lowest squared error found by full-batch descent from `starts` random starts. The step
/// is 1.5/L, below the 2/L at which descent stops being stable, L bounding the curvature of the
/// mean error: (σ(z) − t)² has |d²/dz²| ≤ 0.35, so L ≤ 0.35 · mean |(x, 1)|². The work is
/// capped at about 10^8 row visits in all.
inline Floor lowest_error(const Dataset &data, std::uint64_t seed, std::size_t starts) {
    const auto rows = static_cast<double>(data.samples.rows());
    const double rate = 1.5 / (0.35 * (data.samples.rowwise().squaredNorm().mean() + 1));
    const auto budget = static_cast<std::size_t>(1e8 / (rows * static_cast<double>(starts)));
    std::mt19937_64 rng(seed);
    Floor floor{Model::random(data.samples.cols(), rng), 1e300, starts, 0, 0, 0, {}};
    std::vector<double> ends;
    for (std::size_t s = 0; s < starts; ++s) {
        Model neuron = s == 0 ? floor.neuron : Model::random(data.samples.cols(), rng);
        std::size_t iterations = 0;
        floor.converged += descend(neuron, data, rate, budget, iterations) ? 1U : 0U;
        floor.iterations = std::max(floor.iterations, iterations);
        ends.push_back(neuron.error(data.samples, data.targets));
        if (ends.back() < floor.error) {
            floor.neuron = neuron;
            floor.error = ends.back();
        }
    }
    for (const double e : ends) {
        floor.reached += e <= floor.error + 1e-3 ? 1U : 0U;
        if (e > floor.error + 1e-3) {
            floor.others.push_back(e);
        }
    }
    std::sort(floor.others.begin(), floor.others.end());
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
