// SPDX-License-Identifier: MIT
// The playground page's WebAssembly module: one Session, driven from playground.js through
// these C functions. Numbers cross as doubles; a call that fails returns -1 (or NaN for a
// value) and leaves its message for pg_message(); nothing is changed by a refused call.
#include "session.hpp"

#include <cmath>   // std::nan
#include <cstddef> // std::size_t
#include <cstdint> // std::uint64_t
#include <exception>
#include <string>

namespace {

playground::Session session;
std::string message; // the last failure, for pg_message
std::string text;    // the last string returned, kept alive for the caller to read

/// Runs `f`, turning an exception into -1 and its message.
template <class F> int guarded(F f) {
    try {
        message.clear();
        return f();
    } catch (const std::exception &e) {
        message = e.what();
        return -1;
    }
}

std::size_t count(double n) { return static_cast<std::size_t>(n); }

tinyneuron::Loss loss_of(int loss) {
    return loss == 1 ? tinyneuron::Loss::cross_entropy : tinyneuron::Loss::squared_error;
}

/// FitStatus as the page numbers it: 0 converged, 1 max_iterations, 2 no_minimum, 3 stopped, 4 stalled.
int status_code(tinyneuron::FitStatus status) {
    switch (status) {
    case tinyneuron::FitStatus::converged:
        return 0;
    case tinyneuron::FitStatus::max_iterations:
        return 1;
    case tinyneuron::FitStatus::no_minimum:
        return 2;
    case tinyneuron::FitStatus::stalled:
        return 4;
    case tinyneuron::FitStatus::stopped:
        break;
    }
    return 3;
}

} // namespace

extern "C" {

/// The data: `rows` triples x1, x2, target at `values`. 0, or -1 when refused.
int pg_set_data(const double *values, int rows) {
    return guarded([&] {
        playground::Points points(rows, 2);
        playground::Targets targets(rows);
        for (int i = 0; i < rows; ++i) {
            points(i, 0) = values[3 * i];
            points(i, 1) = values[3 * i + 1];
            targets(i) = values[3 * i + 2];
        }
        session.set_data(points, targets);
        return 0;
    });
}

/// The settings; loss 0 is the squared error, 1 cross-entropy. Whole numbers arrive checked
/// by the page. 0, or -1 when refused.
int pg_set_options(double learning_rate, double iterations, double record_every, int loss, double batch_size) {
    return guarded([&] {
        playground::Options options;
        options.learning_rate = learning_rate;
        options.iterations = count(iterations);
        options.record_every = count(record_every);
        options.loss = loss_of(loss);
        options.batch_size = count(batch_size);
        session.set_options(options);
        return 0;
    });
}

/// A new run from `seed`, a whole number below 2^53; from the zero neuron when `zero_start` is 1.
int pg_reset(double seed, int zero_start) {
    return guarded([&] {
        session.reset(static_cast<std::uint64_t>(seed), zero_start == 1);
        return 0;
    });
}

/// Trains up to `n` more iterations: the number of records added, or -1 (divergence).
int pg_step(double n) {
    return guarded([&] { return static_cast<int>(session.step(count(n))); });
}

const char *pg_message() { return message.c_str(); }
double pg_iteration() { return static_cast<double>(session.iteration()); }
int pg_diverged() { return session.diverged() ? 1 : 0; }
int pg_record_count() { return static_cast<int>(session.records().size()); }
double pg_record_iteration(int i) {
    return static_cast<double>(session.records()[static_cast<std::size_t>(i)].iteration);
}
double pg_record_error(int i) { return session.records()[static_cast<std::size_t>(i)].error; }
double pg_weight(int i) { return session.neuron().weights()(i); }
double pg_bias() { return session.neuron().bias(); }
double pg_error() { return session.error(); }
/// The error of the neuron shown with loss 0 (squared error) or 1 (cross-entropy).
double pg_error_of(int loss) { return session.error(loss_of(loss)); }
/// The same for the run's neuron, where a fit shown starts.
double pg_run_error(int loss) { return session.run_neuron().error(session.points(), session.targets(), loss_of(loss)); }
double pg_accuracy() { return session.accuracy(); }
double pg_baseline() { return session.baseline(); }

/// The prediction for every point, written to `out` (one double per point).
void pg_predictions(double *out) {
    const Eigen::VectorXd p = session.neuron().predict_batch(session.points());
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        out[i] = p(i);
    }
}

/// Predictions over a grid of nx × ny cells centred at x0 + i·dx, y0 + j·dy, row by row from
/// j = 0, into `out`: the page's shading. -1 (and a message) if a product overflows.
int pg_predict_grid(double x0, double y0, double dx, double dy, int nx, int ny, double *out) {
    return guarded([&] {
        playground::Points grid(nx * ny, 2);
        for (int j = 0; j < ny; ++j) {
            for (int i = 0; i < nx; ++i) {
                grid(j * nx + i, 0) = x0 + i * dx;
                grid(j * nx + i, 1) = y0 + j * dy;
            }
        }
        const Eigen::VectorXd p = session.neuron().predict_batch(grid);
        for (Eigen::Index k = 0; k < p.size(); ++k) {
            out[k] = p(k);
        }
        return 0;
    });
}

/// The run's path: w1, w2, b of each of its pg_path_count() neurons, into `out`; the run's
/// neuron now ends it, also between two of the path's points.
int pg_path_count() {
    const bool between = session.path().back().iterations != session.iteration();
    return static_cast<int>(session.path().size()) + (between ? 1 : 0);
}
void pg_path(double *out) {
    const auto put = [&](const playground::Neuron &neuron) {
        *out++ = neuron.weights()(0);
        *out++ = neuron.weights()(1);
        *out++ = neuron.bias();
    };
    for (const playground::PathPoint &p : session.path()) {
        put(p.neuron);
    }
    if (session.path().back().iterations != session.iteration()) {
        put(session.run_neuron());
    }
}

/// Shows `steps` of Newton's method (Neuron::fit) from the run's neuron, a huge number for all:
/// how many are shown, or -1 (and a message).
int pg_fit(double steps) {
    return guarded([&] { return static_cast<int>(session.fit(count(steps))); });
}
/// The fit's steps: w1, w2, b and the objective after each of pg_fit_count(), into `out`.
int pg_fit_count() { return static_cast<int>(session.fit_path().size()); }
void pg_fit_path(double *out) {
    for (const playground::FitStep &s : session.fit_path()) {
        *out++ = s.neuron.weights()(0);
        *out++ = s.neuron.weights()(1);
        *out++ = s.neuron.bias();
        *out++ = s.objective;
    }
}
/// How the fit ended (see status_code), -1 before a fit.
int pg_fit_status() { return session.fit_result() ? status_code(session.fit_result()->status) : -1; }

/// The lowest error with loss 0 or 1 and its neuron: error, w1, w2, b, status code into `out`.
int pg_optimum(int loss, double *out) {
    return guarded([&] {
        const playground::Optimum &o = session.optimum(loss_of(loss));
        out[0] = o.error;
        out[1] = o.neuron.weights()(0);
        out[2] = o.neuron.weights()(1);
        out[3] = o.neuron.bias();
        out[4] = status_code(o.status);
        return 0;
    });
}

/// The error with loss 0 or 1 over a grid of weights, bias b: nx × ny cells centred at
/// (w1_0 + i·dw1, w2_0 + j·dw2), row by row from j = 0, into `out`: the landscape.
int pg_landscape(int loss, double b, double w1_0, double w2_0, double dw1, double dw2, int nx, int ny, double *out) {
    return guarded([&] {
        const tinyneuron::Loss l = loss_of(loss);
        for (int j = 0; j < ny; ++j) {
            for (int i = 0; i < nx; ++i) {
                const playground::Neuron neuron(playground::Neuron::Vector(w1_0 + i * dw1, w2_0 + j * dw2), b);
                out[j * nx + i] = neuron.error(session.points(), session.targets(), l);
            }
        }
        return 0;
    });
}

/// The neuron in tinyneuron's save format.
const char *pg_saved() {
    text = session.saved();
    return text.c_str();
}

} // extern "C"
