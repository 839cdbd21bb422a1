// SPDX-License-Identifier: MIT
// The playground's state: data, settings, one neuron and its engine, trained a few iterations at
// a time while the page draws. Compiled to WebAssembly for the page (playground.cpp) and natively
// for the reference the browser test compares with (reference.cpp).
#ifndef TINYNEURON_PLAYGROUND_SESSION_HPP
#define TINYNEURON_PLAYGROUND_SESSION_HPP

#include <tinyneuron/neuron.hpp>

#include <algorithm> // std::min
#include <cmath>     // std::log
#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <cstdio>    // std::snprintf, for a number in a message
#include <limits>    // std::numeric_limits
#include <optional>  // std::optional, the cached lowest error
#include <random>    // std::mt19937_64, the engine of the tutorial's runs
#include <sstream>   // std::ostringstream, for Neuron::save
#include <stdexcept> // std::invalid_argument
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

/// A run that can be advanced in chunks: step(a) then step(b) leaves the neuron, the engine and
/// the records exactly as one Neuron::train of a + b iterations would, because each chunk
/// continues the engine and keeps the recording cadence of the whole run (record after
/// iteration i when i % record_every == 0, i counted from the run's start).
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
        lowest_.reset();
    }

    /// Replaces the settings; they apply from the next step. Throws std::invalid_argument,
    /// changing nothing, on settings Neuron::train refuses, or more iterations or records than
    /// the page keeps.
    void set_options(const Options &options) {
        check(points_, targets_, options);
        if (options.loss != options_.loss) {
            lowest_.reset();
        }
        options_ = options;
    }

    /// A new run: the neuron drawn from `seed` as the tutorial does, iteration 0, no records.
    void reset(std::uint64_t seed) {
        rng_.seed(seed);
        neuron_ = Neuron::random(2, rng_);
        done_ = 0;
        records_.clear();
        diverged_ = false;
    }

    /// Trains up to `n` more iterations, stopping at options().iterations; returns how many
    /// records were added. On divergence throws tinyneuron::DivergenceError naming the run's
    /// iteration; the neuron keeps the parameters of the last chunk that stayed finite, and
    /// the run trains no more until reset.
    std::size_t step(std::size_t n) {
        const std::size_t before = records_.size();
        n = diverged_ ? 0 : std::min(n, remaining());
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
        return records_.size() - before;
    }

    std::size_t remaining() const { return options_.iterations - std::min(done_, options_.iterations); }
    std::size_t iteration() const { return done_; }
    bool diverged() const { return diverged_; }
    const std::vector<Record> &records() const { return records_; }
    const Neuron &neuron() const { return neuron_; }
    const Options &options() const { return options_; }
    const Points &points() const { return points_; }
    const Targets &targets() const { return targets_; }
    const std::mt19937_64 &engine() const { return rng_; }

    double error() const { return neuron_.error(points_, targets_, options_.loss); }
    double accuracy() const { return neuron_.accuracy(points_, targets_); }

    /// The error of a neuron that always answers 0.5: n·¼ squared, n·ln 2 cross-entropy.
    double baseline() const {
        const auto n = static_cast<double>(points_.rows());
        return options_.loss == tinyneuron::Loss::squared_error ? 0.25 * n : n * std::log(2.0);
    }

    /// The lowest error one neuron reaches on this data with this loss (cached until the data or
    /// the loss change); see lowest_error.
    double lowest() const;

    /// The neuron in tinyneuron's save format.
    std::string saved() const {
        std::ostringstream out;
        neuron_.save(out);
        return out.str();
    }

  private:
    static void check(const Points &points, const Targets &targets, const Options &options);

    Points points_;
    Targets targets_;
    Options options_{};
    std::mt19937_64 rng_;
    Neuron neuron_{Neuron::Vector::Zero(), 0.0};
    std::size_t done_ = 0;
    bool diverged_ = false;
    std::vector<Record> records_;
    mutable std::optional<double> lowest_;
};

/// The lowest error one neuron reaches on the data: full-batch gradient descent to convergence
/// (batch_size 0, so no draws) from several random starts, the step size adapted as it goes
/// (grown by a fifth after a chunk that lowered the error, halved and undone after one that did
/// not or diverged). Cross-entropy is convex, so every start finds its minimum; the squared
/// error is not, hence the starts. Data that one line separates has no minimum: the error falls
/// towards 0 as the weights grow, and 0 is returned.
inline double lowest_error(const Points &points, const Targets &targets, tinyneuron::Loss loss) {
    constexpr int starts = 8;
    constexpr int chunks = 400;
    constexpr std::size_t chunk_iterations = 50;
    double best = std::numeric_limits<double>::infinity();
    for (int start = 0; start < starts; ++start) {
        std::mt19937_64 rng(static_cast<std::uint64_t>(start) + 1);
        Neuron neuron = Neuron::random(2, rng);
        double error = neuron.error(points, targets, loss);
        Options options;
        options.learning_rate = 0.1;
        options.iterations = chunk_iterations;
        options.record_every = chunk_iterations;
        options.loss = loss;
        options.batch_size = 0;
        for (int chunk = 0; chunk < chunks && options.learning_rate > 1e-12; ++chunk) {
            Neuron next = neuron;
            try {
                next.train(points, targets, options, rng);
            } catch (const tinyneuron::DivergenceError &) {
                options.learning_rate *= 0.5;
                continue;
            }
            const double next_error = next.error(points, targets, loss);
            if (!(next_error < error)) {
                options.learning_rate *= 0.5;
                continue;
            }
            const bool converged = error - next_error <= 1e-13 * error;
            neuron = next;
            error = next_error;
            options.learning_rate *= 1.2;
            if (converged) {
                break;
            }
        }
        if (neuron.accuracy(points, targets) == 1.0) {
            return 0.0;
        }
        best = std::min(best, error);
    }
    return best;
}

inline double Session::lowest() const {
    if (!lowest_) {
        lowest_ = lowest_error(points_, targets_, options_.loss);
    }
    return *lowest_;
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
