// SPDX-License-Identifier: MIT
// The playground's state: data, settings, one neuron and its engine, trained a few iterations at
// a time while the page draws. Compiled to WebAssembly for the page (playground.cpp) and natively
// for the reference the browser test compares with (reference.cpp).
#ifndef TINYNEURON_PLAYGROUND_SESSION_HPP
#define TINYNEURON_PLAYGROUND_SESSION_HPP

#include <tinyneuron/neuron.hpp>

#include <algorithm> // std::min, std::max
#include <cmath>     // std::log
#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <cstdio>    // std::snprintf, for a number in a message
#include <limits>    // std::numeric_limits
#include <optional>  // std::optional, the cached optima and the fit's result
#include <random>    // std::mt19937_64, the engine of the tutorial's runs
#include <sstream>   // std::ostringstream, for Neuron::save
#include <stdexcept> // std::invalid_argument, std::overflow_error
#include <string>    // std::string
#include <vector>    // std::vector

namespace playground {

using Neuron = tinyneuron::Neuron<double, 2>;
using Options = tinyneuron::TrainOptions<double>;
/// One sample per row: x1, x2.
using Points = Eigen::Matrix<double, Eigen::Dynamic, 2>;
using Targets = Eigen::VectorXd;

/// The tutorial's 8 points and their targets.
inline Points tutorial_points() {
    Points points(8, 2);
    points << 3, 1.5, 2, 1, 4, 1.5, 3, 4, 3.5, 0.5, 2, 0.5, 5.5, 1, 1, 1;
    return points;
}
inline Targets tutorial_targets() {
    Targets targets(8);
    targets << 0, 1, 0, 1, 0, 1, 1, 0;
    return targets;
}

/// Caps that keep one page responsive; the library itself has none.
constexpr std::size_t max_iterations = 1000000;
constexpr std::size_t max_records = 10000;
constexpr Eigen::Index max_points = 200;

/// One recorded error: the error over all points after the update of `iteration` (from 0).
struct Record {
    std::size_t iteration;
    double error;
};

/// Where the run's neuron was after `iterations` updates (0: its start): the landscape's path.
struct PathPoint {
    std::size_t iterations;
    Neuron neuron;
};

/// At most this many points on the run's path (the landscape draws it), plus the start.
constexpr std::size_t max_path = 2000;

/// The lowest objective one neuron reaches on the data with one loss (l2 = 0), found by
/// Neuron::fit: `neuron` reaches `error`; with status FitStatus::no_minimum a line separates the
/// classes, `error` is 0 and `neuron` is the separating neuron fit stopped at.
struct Optimum {
    double error;
    Neuron neuron;
    tinyneuron::FitStatus status;
};

/// One Newton step of fit: the neuron after it and its objective.
struct FitStep {
    Neuron neuron;
    double objective;
};

/// A run that can be advanced in chunks: step(a) then step(b) leaves the neuron, the engine and
/// the records exactly as one Neuron::train of a + b iterations would, because each chunk
/// continues the engine and keeps the recording cadence of the whole run (record after
/// iteration i when i % record_every == 0, i counted from the run's start). Chunks also end at
/// every path_every()-th update, where the neuron joins the path the landscape draws.
///
/// On top of the run, fit() shows Newton's method (Neuron::fit) from the run's neuron, one step
/// at a time: the neuron shown is then the fit's, until the run steps again or is reset.
class Session {
  public:
    Session() : points_(tutorial_points()), targets_(tutorial_targets()) { reset(3346); }

    /// Replaces the data. Throws std::invalid_argument, changing nothing, on data the page cannot
    /// train: Neuron::train's own refusals (no rows, values not finite, targets outside [0, 1]),
    /// more than max_points rows, or targets of one class only.
    void set_data(const Points &points, const Targets &targets) {
        check(points, targets, options_);
        points_ = points;
        targets_ = targets;
        optima_[0].reset();
        optima_[1].reset();
        drop_fit();
    }

    /// Replaces the settings; they apply from the next step (the path's cadence from the next
    /// reset). Throws std::invalid_argument, changing nothing, on settings Neuron::train refuses,
    /// or more iterations or records than the page keeps.
    void set_options(const Options &options) {
        check(points_, targets_, options);
        options_ = options;
        drop_fit();
    }

    /// A new run: the neuron drawn from `seed` as the tutorial does (or, with `zero_start`, w = 0
    /// and b = 0, drawing nothing), iteration 0, no records, the path at its start.
    void reset(std::uint64_t seed, bool zero_start = false) {
        rng_.seed(seed);
        neuron_ = zero_start ? Neuron(Neuron::Vector::Zero(), 0.0) : Neuron::random(2, rng_);
        done_ = 0;
        records_.clear();
        diverged_ = false;
        path_every_ = std::max<std::size_t>(1, (options_.iterations + max_path - 1) / max_path);
        path_.assign(1, PathPoint{0, neuron_});
        drop_fit();
    }

    /// Trains up to `n` more iterations, stopping at options().iterations; returns how many
    /// records were added. On divergence throws tinyneuron::DivergenceError naming the run's
    /// iteration; the neuron keeps the parameters of the last chunk that stayed finite, and
    /// the run trains no more until reset. A fit shown is dropped first.
    std::size_t step(std::size_t n) {
        drop_fit();
        const std::size_t before = records_.size();
        n = diverged_ ? 0 : std::min(n, remaining());
        while (n > 0) {
            const std::size_t to_path = path_every_ - done_ % path_every_;
            const std::size_t chunk = std::min(n, to_path);
            advance(chunk);
            n -= chunk;
            if ((done_ % path_every_ == 0 || remaining() == 0) && path_.back().iterations != done_) {
                path_.push_back(PathPoint{done_, neuron_});
            }
        }
        return records_.size() - before;
    }

    std::size_t remaining() const { return options_.iterations - std::min(done_, options_.iterations); }
    std::size_t iteration() const { return done_; }
    bool diverged() const { return diverged_; }
    const std::vector<Record> &records() const { return records_; }
    /// The run's path: its start, then the neuron after every path_every()-th update.
    const std::vector<PathPoint> &path() const { return path_; }
    std::size_t path_every() const { return path_every_; }
    /// The neuron shown: the fit's after the steps shown, else the run's.
    const Neuron &neuron() const { return fit_shown_ > 0 ? fit_path_[fit_shown_ - 1].neuron : neuron_; }
    const Neuron &run_neuron() const { return neuron_; }
    const Options &options() const { return options_; }
    const Points &points() const { return points_; }
    const Targets &targets() const { return targets_; }
    const std::mt19937_64 &engine() const { return rng_; }

    /// The error of the neuron shown, with the run's loss or another.
    double error() const { return error(options_.loss); }
    double error(tinyneuron::Loss loss) const { return neuron().error(points_, targets_, loss); }
    double accuracy() const { return neuron().accuracy(points_, targets_); }

    /// The error of a neuron that always answers 0.5: n·¼ squared, n·ln 2 cross-entropy.
    double baseline() const {
        const auto n = static_cast<double>(points_.rows());
        return options_.loss == tinyneuron::Loss::squared_error ? 0.25 * n : n * std::log(2.0);
    }

    /// The lowest error one neuron reaches on this data with `loss` (cached until the data
    /// change); see lowest_error.
    const Optimum &optimum(tinyneuron::Loss loss) const;
    double lowest() const { return optimum(options_.loss).error; }

    /// Shows `steps` steps of Newton's method from the run's neuron (at most as many as the fit
    /// takes; 0 shows the run's neuron again) and returns how many are shown. The whole path is
    /// Neuron::fit's with the run's loss, default options and no penalty: each step's neuron as
    /// fit's callback sees it, and the last the one fit ends at. Throws what fit throws
    /// (std::overflow_error where the objective or its derivatives stop being finite).
    std::size_t fit(std::size_t steps) {
        if (!fit_result_) {
            fit_path_.clear();
            tinyneuron::FitOptions<double> options;
            options.loss = options_.loss;
            Neuron end = neuron_;
            const tinyneuron::FitResult<double> result =
                end.fit(points_, targets_, options, [&](std::size_t, double objective, const Neuron &at) {
                    fit_path_.push_back(FitStep{at, objective});
                });
            fit_result_ = result;
        }
        fit_shown_ = std::min(steps, fit_path_.size());
        return fit_shown_;
    }
    /// The fit's steps (computed by the last fit call), how many are shown, and how it ended.
    const std::vector<FitStep> &fit_path() const { return fit_path_; }
    std::size_t fit_shown() const { return fit_shown_; }
    const std::optional<tinyneuron::FitResult<double>> &fit_result() const { return fit_result_; }

    /// The neuron shown, in tinyneuron's save format.
    std::string saved() const {
        std::ostringstream out;
        neuron().save(out);
        return out.str();
    }

  private:
    static void check(const Points &points, const Targets &targets, const Options &options);

    /// Trains `n` more iterations (n <= remaining()), keeping the run's recording cadence.
    void advance(std::size_t n) {
        const std::size_t every = options_.record_every;
        while (n > 0) {
            // From a multiple of `every` the chunk's own cadence is the run's; otherwise train
            // up to the next multiple, where the chunk's one record (after its first update)
            // is not one of the run's and is dropped. Its error is still checked: only an error
            // that is NaN while the weights are finite (w·x = ∞ − ∞) could make it report a
            // divergence before the one-shot run, which would report it at its next record.
            const std::size_t phase = done_ % every;
            Options chunk = options_;
            chunk.iterations = phase == 0 ? n : std::min(n, every - phase);
            chunk.record_every = phase == 0 ? every : chunk.iterations;
            std::vector<double> history;
            try {
                history = neuron_.train(points_, targets_, chunk, rng_);
            } catch (const tinyneuron::DivergenceError &e) {
                diverged_ = true;
                char rate[32];
                std::snprintf(rate, sizeof rate, "%.6g", chunk.learning_rate);
                throw tinyneuron::DivergenceError("training diverged at iteration " +
                                                      std::to_string(done_ + e.iteration()) + " with learning rate " +
                                                      rate +
                                                      ": the weights or the error stopped being finite; try a smaller "
                                                      "learning rate, then Reset",
                                                  done_ + e.iteration());
            }
            if (phase == 0) {
                for (std::size_t k = 0; k < history.size(); ++k) {
                    records_.push_back(Record{done_ + k * every, history[k]});
                }
            }
            done_ += chunk.iterations;
            n -= chunk.iterations;
        }
    }

    void drop_fit() {
        fit_path_.clear();
        fit_shown_ = 0;
        fit_result_.reset();
    }

    Points points_;
    Targets targets_;
    Options options_{};
    std::mt19937_64 rng_;
    Neuron neuron_{Neuron::Vector::Zero(), 0.0};
    std::size_t done_ = 0;
    bool diverged_ = false;
    std::vector<Record> records_;
    std::size_t path_every_ = 1;
    std::vector<PathPoint> path_;
    std::vector<FitStep> fit_path_;
    std::size_t fit_shown_ = 0;
    std::optional<tinyneuron::FitResult<double>> fit_result_;
    mutable std::optional<Optimum> optima_[2]; // by loss: squared error, cross-entropy
};

/// The lowest error one neuron reaches on the data with `loss`: Neuron::fit (Newton's method,
/// l2 = 0) from the zero neuron and from the tutorial's first 8 seeds' random starts; the
/// lowest end wins. Cross-entropy is convex, so every start ends at its one minimum; the squared
/// error is not, hence the starts (on the tutorial's points the zero neuron reaches its lowest,
/// 1.8838). Data that one line separates has no minimum: fit ends FitStatus::no_minimum at a
/// separating neuron, the error only tends to 0 as its weights grow, and the error is 0.
inline Optimum lowest_error(const Points &points, const Targets &targets, tinyneuron::Loss loss) {
    constexpr int starts = 8;
    tinyneuron::FitOptions<double> options;
    options.loss = loss;
    std::optional<Optimum> best;
    for (int start = 0; start <= starts; ++start) {
        std::mt19937_64 rng(static_cast<std::uint64_t>(start));
        Neuron neuron = start == 0 ? Neuron(Neuron::Vector::Zero(), 0.0) : Neuron::random(2, rng);
        tinyneuron::FitResult<double> result{};
        try {
            result = neuron.fit(points, targets, options);
        } catch (const std::overflow_error &) { // a random start saturated beyond double's range
            continue;
        }
        if (result.status == tinyneuron::FitStatus::no_minimum) {
            return Optimum{0.0, neuron, result.status};
        }
        if (!best || result.objective < best->error) {
            best = Optimum{result.objective, neuron, result.status};
        }
        if (loss == tinyneuron::Loss::cross_entropy) {
            break; // convex: one start is enough
        }
    }
    return best ? *best
                : Optimum{std::numeric_limits<double>::quiet_NaN(), Neuron(Neuron::Vector::Zero(), 0.0),
                          tinyneuron::FitStatus::max_iterations};
}

inline const Optimum &Session::optimum(tinyneuron::Loss loss) const {
    std::optional<Optimum> &cached = optima_[loss == tinyneuron::Loss::cross_entropy ? 1 : 0];
    if (!cached) {
        cached = lowest_error(points_, targets_, loss);
    }
    return *cached;
}

inline void Session::check(const Points &points, const Targets &targets, const Options &options) {
    // Neuron::train checks data and settings before it draws or trains anything, so training a
    // copy for 0 iterations gives the library's own messages and changes nothing.
    Neuron probe(Neuron::Vector::Zero(), 0.0);
    std::mt19937_64 unused;
    Options no_iterations = options;
    no_iterations.iterations = 0;
    probe.train(points, targets, no_iterations, unused);

    const std::string where = "playground: ";
    if (points.rows() > max_points) {
        throw std::invalid_argument(where + "the data has " + std::to_string(points.rows()) + " points, at most " +
                                    std::to_string(max_points) + " fit this page");
    }
    Eigen::Index ones = 0;
    for (Eigen::Index i = 0; i < targets.size(); ++i) {
        if (targets(i) != 0.0 && targets(i) != 1.0) {
            throw std::invalid_argument(where + "point " + std::to_string(i + 1) + " has target " +
                                        tinyneuron::detail::number(targets(i)) + ", expected 0 or 1");
        }
        ones += targets(i) == 1.0 ? 1 : 0;
    }
    if (ones == 0 || ones == targets.size()) {
        throw std::invalid_argument(where + "every point has target " + std::string(ones == 0 ? "0" : "1") +
                                    ", expected points of both classes");
    }
    if (options.iterations > max_iterations) {
        throw std::invalid_argument(where + "iterations is " + std::to_string(options.iterations) + ", at most " +
                                    std::to_string(max_iterations) + " run on this page");
    }
    if (options.iterations / options.record_every > max_records) {
        throw std::invalid_argument(where + std::to_string(options.iterations) + " iterations recorded every " +
                                    std::to_string(options.record_every) + " make more than " +
                                    std::to_string(max_records) + " records; raise the record interval");
    }
}

} // namespace playground

#endif
