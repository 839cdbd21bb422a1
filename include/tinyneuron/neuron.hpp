// SPDX-License-Identifier: MIT
// tinyneuron: one sigmoid neuron -- weights, bias, the sigmoid, the chain-rule gradients of the
// squared error or the cross-entropy, and gradient-descent training -- the first model of every
// machine-learning course, as a single C++17 header over Eigen 3.4. Written to be read in an
// evening. Documentation, the math and the tutorial it follows: README.md.
#ifndef TINYNEURON_NEURON_HPP
#define TINYNEURON_NEURON_HPP

#define TINYNEURON_VERSION_MAJOR 0
#define TINYNEURON_VERSION_MINOR 3
#define TINYNEURON_VERSION_PATCH 0

#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 201703L
#error "tinyneuron needs C++17 (compile with -std=c++17 or later)"
#else

#include <Eigen/Core>
#include <Eigen/Householder> // Householder reflections, for fit's aliased columns and separation, and summary

#include <algorithm>   // std::min, std::max, std::find
#include <cmath>       // std::exp, std::log1p, std::isfinite, std::fpclassify, std::frexp, std::floor, ...
#include <cstddef>     // std::size_t
#include <cstdint>     // std::uint32_t, std::uint64_t
#include <cstdio>      // std::fputs, only for the default error hook without exceptions
#include <cstdlib>     // std::abort, likewise
#include <istream>     // std::istream, std::getline
#include <limits>      // std::numeric_limits
#include <locale>      // std::locale::classic, for locale-free messages
#include <ostream>     // std::ostream
#include <sstream>     // std::ostringstream, only to format numbers in messages, with exceptions
#include <stdexcept>   // std::invalid_argument, std::overflow_error, std::runtime_error
#include <string>      // std::string, std::to_string
#include <type_traits> // std::is_same, std::conditional_t, std::invoke_result_t
#include <vector>      // std::vector, the training history

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TINYNEURON_DETAIL_EXCEPTIONS 1 // undefined at the end
#else
#define TINYNEURON_DETAIL_EXCEPTIONS 0
#endif

// Contents
//   1. the sigmoid            σ(z) and σ'(z)
//   2. losses and options     Loss, each loss, its slope and curvature, TrainOptions, FitOptions,
//                             DivergenceError
//   3. the neuron             Neuron<T, Inputs>: predict, gradients, update, error, train, fit
//   4. the training loop      Neuron::train_loop
//   5. fitting to the optimum Newton's method: Neuron::fit_loop
//   6. machinery              errors and messages, argument checks (detail::Check), randomness,
//                             sums over rows in blocks (detail::Rows), save and load
//
// Conventions
// - Samples are rows of a matrix; weights, one sample and targets are vectors (any Eigen vector
//   expression). T is float, double or long double, and every value keeps that type.
// - Bad input throws std::invalid_argument naming the function, what was expected and what came,
//   before anything changes. Without exceptions the message (its values in hexadecimal) goes to
//   TINYNEURON_ON_ERROR(message) if defined (it must not return), else to stderr, then std::abort().
//   predict, gradients, update, error, objective, batch_gradients and train_without_history build
//   no string unless they refuse a call, and on fixed-size data they take nothing from the heap.
// - Finite inputs can still overflow: w·x may be ∞ − ∞, and the members throw
//   std::overflow_error instead of returning NaN (±∞ alone is fine: σ(±∞) is 0 or 1).
// - Randomness is only the raw output of the caller's engine, so one seed gives one history with
//   any standard library. A neuron's parameters are always finite; const members are thread-safe.

namespace tinyneuron {
// One build, one set of names: built with and without exceptions, every member that can refuse a
// call differs (a throw, or a hook and an abort), so each build's library lives in an inline
// namespace of its own, as nlohmann/json tags its ABI. Objects of both builds link into one program
// in any order, each calling its own copy (issue 26); users still write tinyneuron::Neuron.
#if TINYNEURON_DETAIL_EXCEPTIONS
inline namespace throwing {
#else
inline namespace aborting {
#endif

// === 1. The sigmoid ========================================================================
namespace detail {

template <class T> struct SigmoidPair {
    T value, complement; // σ(z) and σ(−z) = 1 − σ(z)
};

/// σ(z) and σ(−z) from one exponential e = exp(−|z|) ∈ (0, 1], which cannot overflow:
/// σ(|z|) = 1 / (1 + e) and σ(−|z|) = e·σ(|z|), accurate deep in the tail (1 − σ(|z|) is not).
template <class T> inline SigmoidPair<T> sigmoid_pair(T z, T e) {
    const T large = T(1) / (T(1) + e);
    const T small = e * large;
    return z >= T(0) ? SigmoidPair<T>{large, small} : SigmoidPair<T>{small, large};
}
/// The same, computing e (fit's rows compute it once for their loss too).
template <class T> inline SigmoidPair<T> sigmoid_pair(T z) {
    using std::abs;
    using std::exp;
    return sigmoid_pair(z, exp(-abs(z)));
}

template <class T>
constexpr bool is_supported_scalar =
    std::is_same<T, float>::value || std::is_same<T, double>::value || std::is_same<T, long double>::value;

} // namespace detail

/// σ(z) = 1 / (1 + e^−z), for every z without overflow: σ(0) = 0.5, σ(±1000) = 1 and 0.
template <class T> T sigmoid(T z) {
    static_assert(detail::is_supported_scalar<T>, "tinyneuron::sigmoid: T must be float, double or long double");
    return detail::sigmoid_pair(z).value;
}

/// σ'(z) = σ(z)(1 − σ(z)), computed as σ(z)·σ(−z): at most 1/4 (at z = 0), 0 far in the tails.
template <class T> T sigmoid_derivative(T z) {
    static_assert(detail::is_supported_scalar<T>,
                  "tinyneuron::sigmoid_derivative: T must be float, double or long double");
    const detail::SigmoidPair<T> s = detail::sigmoid_pair(z);
    return s.value * s.complement;
}

// === 2. Losses, training options, divergence ===============================================

/// What training minimises, per sample, with ŷ = σ(z) and target t ∈ [0, 1].
enum class Loss {
    squared_error, ///< (ŷ − t)², the tutorial's
    cross_entropy  ///< −[t·log ŷ + (1 − t)·log(1 − ŷ)], logistic regression's
};

namespace detail {

/// One sample's loss, computed from z. Cross-entropy never forms ŷ: with
/// log ŷ = −softplus(−z) and log(1 − ŷ) = −softplus(z) it is softplus(z) − t·z, and
/// softplus(z) = max(z, 0) + log1p(e^−|z|) is finite for every finite z (z = ±1000: 1000 or 0).
/// At z = ±∞ that form is ∞ − ∞; the loss there is its limit: 0 for the target on that side
/// (t = 1 at +∞, t = 0 at −∞), +∞ for any other.
/// (Given e = exp(−|z|), which fit's rows share with their slope and curvature.)
template <Loss L, class T> T loss_value(T z, T e, T t) {
    if constexpr (L == Loss::squared_error) {
        const T diff = sigmoid_pair(z, e).value - t;
        return diff * diff; // a statement of its own, so no compiler fuses it into the sum
    } else {
        using std::log1p;
        if (std::isinf(z)) {
            return (z > T(0) ? t >= T(1) : t <= T(0)) ? T(0) : std::numeric_limits<T>::infinity();
        }
        return (z > T(0) ? z : T(0)) - t * z + log1p(e);
    }
}
template <Loss L, class T> T loss_value(T z, T t) {
    using std::abs;
    using std::exp;
    return loss_value<L>(z, exp(-abs(z)), t);
}

/// dE/dz, the factor the chain rule multiplies by ∂z/∂w = x and ∂z/∂b = 1:
///     squared error:  dE/dz = 2(ŷ − t)·σ'(z), with σ'(z) = σ(z)·σ(−z)
///     cross-entropy:  dE/dz = ŷ − t          (σ' cancels, so a saturated start still learns)
/// (Given s = σ(z) and σ(−z).)
template <Loss L, class T> T loss_slope(const SigmoidPair<T> &s, T t) {
    if constexpr (L == Loss::squared_error) {
        return T(2) * (s.value - t) * s.value * s.complement;
    } else {
        return s.value - t;
    }
}
template <Loss L, class T> T loss_slope(T z, T t) { return loss_slope<L>(sigmoid_pair(z), t); }

/// d²E/dz², what fit's Hessian XᵀCX weighs each row by (c_i, beside the slopes s_i of Xᵀs):
///     squared error:  d²E/dz² = 2σ'·[σ' + (ŷ − t)·(σ(−z) − σ(z))],  as σ'' = σ'·(1 − 2σ)
///     cross-entropy:  d²E/dz² = σ'(z) = σ(z)·σ(−z)   (the σ' that cancelled from the slope)
/// The cross-entropy's is never negative, so its error is convex; the squared error's is
/// negative where a point is far on its wrong side, and its error has more than one minimum.
/// (Given s = σ(z) and σ(−z).)
template <Loss L, class T> T loss_curvature(const SigmoidPair<T> &s, T t) {
    const T derivative = s.value * s.complement;
    if constexpr (L == Loss::squared_error) {
        return T(2) * derivative * (derivative + (s.value - t) * (s.complement - s.value));
    } else {
        return derivative;
    }
}
template <Loss L, class T> T loss_curvature(T z, T t) { return loss_curvature<L>(sigmoid_pair(z), t); }

/// The callback train and fit use when given none: it records nothing and costs nothing.
struct NoRecord {
    template <class T> void operator()(std::size_t, T) const noexcept {}
};

/// Whether F can be train's on_record or fit's on_iteration: f(std::size_t, T, Extra...), returning void or bool.
template <class R> constexpr bool is_void_or_bool = std::is_void<R>::value || std::is_same<R, bool>::value;
template <class F, class T, class Extra = void, class = void> constexpr bool is_callback = false;
template <class F, class T>
constexpr bool is_callback<F, T, void, std::enable_if_t<std::is_invocable<F &, std::size_t, T>::value>> =
    is_void_or_bool<std::invoke_result_t<F &, std::size_t, T>>;
template <class F, class T, class Extra>
constexpr bool is_callback<F, T, Extra, std::enable_if_t<std::is_invocable<F &, std::size_t, T, Extra>::value>> =
    is_void_or_bool<std::invoke_result_t<F &, std::size_t, T, Extra>>;

/// Calls such a callback, with `extra` if it takes it: false if it returned false, asking to stop.
template <class F, class T, class... Extra>
bool keep_going(F &f, std::size_t iteration, T value, const Extra &...extra) {
    if constexpr (sizeof...(Extra) == 0 || !std::is_invocable<F &, std::size_t, T, const Extra &...>::value) {
        if constexpr (std::is_void<std::invoke_result_t<F &, std::size_t, T>>::value) {
            f(iteration, value);
            return true;
        } else {
            return f(iteration, value);
        }
    } else if constexpr (std::is_void<std::invoke_result_t<F &, std::size_t, T, const Extra &...>>::value) {
        f(iteration, value, extra...);
        return true;
    } else {
        return f(iteration, value, extra...);
    }
}

/// Whether D is a sparse matrix: an Eigen::SparseMatrix or a Map or Ref of one (the caller includes
/// <Eigen/SparseCore>).
template <class D> constexpr bool is_sparse = std::is_base_of<Eigen::SparseMatrixBase<D>, D>::value;

/// Compile-time checks of data passed to a Neuron, made while the call is resolved, so they are
/// the compiler's first error. Kind: 'x' one sample, 't' targets, 'X' samples (one per row).
template <class D, class T, int Inputs, char Kind> struct DataCheck {
    static_assert(Kind == 'X' ? std::is_base_of<Eigen::MatrixBase<D>, D>::value || is_sparse<D>
                              : std::is_base_of<Eigen::MatrixBase<D>, D>::value,
                  "tinyneuron::Neuron: data must be an Eigen matrix expression (samples may also be an "
                  "Eigen::SparseMatrix, or a Map of one)");
    static_assert(std::is_same<typename D::Scalar, T>::value,
                  "tinyneuron::Neuron: data must have the neuron's scalar type T");
    static_assert(Kind == 'X' || D::IsVectorAtCompileTime,
                  "tinyneuron::Neuron: one sample, and the targets, must be a vector expression");
    static_assert(Kind != 'x' || Inputs == Eigen::Dynamic || D::SizeAtCompileTime == Eigen::Dynamic ||
                      D::SizeAtCompileTime == Inputs,
                  "tinyneuron::Neuron: the sample's fixed size differs from Inputs");
    static_assert(Kind != 'X' || Inputs == Eigen::Dynamic || D::ColsAtCompileTime == Eigen::Dynamic ||
                      D::ColsAtCompileTime == Inputs,
                  "tinyneuron::Neuron: the samples' fixed column count differs from Inputs");
    using type = int;
};

/// Whether `size` values of T, a size known at compile time, go on the stack: at most 8 KiB of them (Eigen refuses
/// fixed sizes over 128 KiB, and a microcontroller's whole stack may be a few KiB).
template <class T> constexpr bool on_stack(int size) {
    return size != Eigen::Dynamic && static_cast<std::size_t>(size) * sizeof(T) <= 8192;
}

/// Samples or targets as the loops read them: where they are stored, or an expression evaluated once (on the stack
/// when its size is fixed and on_stack).
template <class D, class T = typename D::Scalar>
using Stored = std::conditional_t<
    (D::Flags & Eigen::DirectAccessBit) != 0 || is_sparse<D>, const D &,
    const std::conditional_t<
        on_stack<T>(D::MaxSizeAtCompileTime), typename D::PlainObject,
        Eigen::Matrix<T, Eigen::Dynamic, D::ColsAtCompileTime,
                      D::IsRowMajor && D::ColsAtCompileTime != 1 ? Eigen::RowMajor : Eigen::ColMajor>>>;

/// The targets as the sums over rows read them: any stored vector of T, viewed where it is. (An Eigen::Ref<const>
/// would do, but it holds a copy for expressions, whose destructor links a firmware's heap allocator.)
template <class T> using TargetRef = Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>, 0, Eigen::InnerStride<>>;
template <class D> TargetRef<typename D::Scalar> target_ref(const D &stored) {
    return TargetRef<typename D::Scalar>(stored.data(), stored.size(), Eigen::InnerStride<>(stored.innerStride()));
}

} // namespace detail

/// Settings of Neuron::train; the defaults are the tutorial's.
template <class T> struct TrainOptions {
    T learning_rate = T(0.01);       ///< step size, finite and > 0
    std::size_t iterations = 1000;   ///< gradient steps; 0 trains nothing
    std::size_t record_every = 100;  ///< record the error after steps 0, k, 2k, ...; k >= 1
    Loss loss = Loss::squared_error; ///< what the steps descend, and what the history records
    /// Rows per step: 1, one row drawn uniformly (the tutorial); k > 1, the mean gradient of k
    /// rows drawn uniformly with replacement; 0, the mean gradient of all rows, no draws.
    std::size_t batch_size = 1;
    /// Adds l2·‖w‖² to the mean loss (not the bias), so rows·l2·‖w‖² to the summed objective the history
    /// records: each step's gradient gains 2·l2·w; >= 0. scikit-learn's C: l2 = 1/(2·C·rows).
    T l2 = T(0);
};

/// How Neuron::fit ended. Each status is earned: the fit checks what it claims.
enum class FitStatus {
    /// At a minimum, checked: ∇²f is positive definite there (beyond T's rounding) and the undamped Newton decrement,
    /// ½·∇fᵀ(∇²f)⁻¹∇f, is at most tolerance × objective, or no step lowers the objective as far as T can tell. One
    /// last full step from there is taken (and counted) unless it raises the objective by more than the tolerance.
    converged,
    max_iterations, ///< max_iterations steps taken, not yet within the tolerance of a minimum
    /// No minimum exists: the fit found a direction v of the parameters, and checked it on every row, along which no
    /// row's loss rises and at least one row's falls (FitResult::separated_rows), so the objective falls for ever
    /// from any point. With l2 = 0 and targets 0 or 1: the classes are separated, completely or quasi-completely
    /// (rows of both classes on the separating plane). Also one-class data, with any l2 (the bias is not penalised).
    no_minimum,
    stopped, ///< on_iteration returned false
    /// No step lowers the objective as far as T can tell, and ∇²f is not positive definite there: a plateau, a
    /// saddle, or a column so nearly a combination of the others (closer than 10⁻⁷, yet not aliased) that T
    /// cannot tell its Hessian from a singular one.
    stalled
};

/// How Neuron::fit solves for each Newton step ∇²f·Δ = −∇f (section 5).
enum class FitMethod {
    /// Hessian-free for 32 inputs or more, except without a penalty (l2 = 0) up to 1,024 inputs, where the factorised
    /// steps find aliased columns as R's glm does, and for sparse column-major data; factorised otherwise (README:
    /// "fit at any width").
    automatic,
    /// ∇²f formed and factorised (Cholesky): O(n·D² + D³) time a step and O(D²) memory for D inputs. Finds aliased
    /// columns (with l2 = 0) and certifies separation on the separating plane.
    factorised,
    /// Truncated Newton: conjugate gradients on products ∇²f·v = X̃ᵀ·C·(X̃·v), two passes over the rows each, O(n + D)
    /// memory, no D × D matrix. Aliased columns are not looked for (FitResult::aliased is all false): with l2 = 0 and
    /// aliased columns the fit reaches one point of a line of minima.
    hessian_free
};

/// Settings of Neuron::fit. The objective is that of train: error + rows·l2·‖w‖².
template <class T> struct FitOptions {
    Loss loss = Loss::cross_entropy;  ///< what fit minimises
    T l2 = T(0);                      ///< the penalty, as TrainOptions::l2; >= 0. scikit-learn's C: l2 = 1/(2·C·rows)
    std::size_t max_iterations = 100; ///< Newton steps at most (from the zero neuron, 5 to 10 are typical)
    /// Converged when the Newton decrement, ½·∇fᵀ(∇²f)⁻¹∇f, an estimate of objective − minimum, is at most
    /// tolerance × objective: relative, so neither the row count nor the inputs' units change it. Finite, > 0.
    T tolerance = T(64) * std::numeric_limits<T>::epsilon();
    FitMethod method = FitMethod::automatic; ///< how each step is solved
};

/// One flag per parameter of the neuron, the inputs in order and then the bias (θ's order in fit).
using ParameterFlags = Eigen::Array<bool, Eigen::Dynamic, 1>;

/// What Neuron::fit reached.
template <class T> struct FitResult {
    FitStatus status;
    std::size_t iterations; ///< the steps taken
    T objective;            ///< objective(samples, targets, loss, l2) at the parameters returned
    T gradient_norm; ///< the largest |component| of that objective's gradient there, bias included (NaN: 0 steps)
    /// With no_minimum, the rows the direction of no minimum puts strictly on their target's side (the rest lie on
    /// the separating plane); otherwise 0.
    std::size_t separated_rows = 0;
    /// Where an input's column is a linear combination of the bias and the columns before it (R's order), so the
    /// minimum is a whole line and fit held that weight at exactly 0, as R's glm reports NA. Checked only with
    /// l2 = 0: a penalty makes the minimum unique. The bias's entry is always false.
    ParameterFlags aliased;
};

/// What a statistician reads at a logistic regression's optimum (R's summary of glm(family = binomial)), from
/// Neuron::summary. Vectors have one entry per parameter, the inputs in order and then the bias.
template <class T> struct Summary {
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    Vector estimate;       ///< the weights, then the bias
    Vector standard_error; ///< √ of the diagonal of (X̃ᵀ·C·X̃)⁻¹, the inverse of the Hessian; NaN where aliased
    Vector z_value;        ///< estimate / standard_error; NaN where aliased
    Vector p_value;        ///< two-sided, from the standard normal: 2·Φ(−|z|); NaN where aliased
    ParameterFlags aliased; ///< as FitResult::aliased
    Eigen::Index rank = 0;  ///< the parameters not aliased, the bias included
    T deviance = T(0);      ///< 2 × the cross-entropy summed over the rows
    T null_deviance = T(0); ///< the same for the best neuron with no weights: σ(b) = the mean target
    T aic = T(0);           ///< deviance + 2·rank
};

// clang's -Wweak-vtables asks for a virtual member defined out of line, in one source file, to
// hold the vtable. A header-only library has no such file: every translation unit that throws or
// catches the class emits the vtable, and the linker keeps one. Silenced for this class alone.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wweak-vtables"
#endif
/// Thrown by Neuron::train and train_without_history when the weights or the error stop being finite: the step was too
/// large for the data. The neuron keeps the parameters it had before the call.
class DivergenceError : public std::runtime_error {
    std::size_t iteration_;

  public:
    DivergenceError(const std::string &message, std::size_t iteration)
        : std::runtime_error(message), iteration_(iteration) {}
    /// The iteration (from 0) whose update or error was no longer finite.
    std::size_t iteration() const noexcept { return iteration_; }
};
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

// Section 6 holds these.
template <class Rng> std::size_t uniform_index(Rng &rng, std::size_t n);
template <class Rng> double standard_normal(Rng &rng);
namespace detail {
template <class T, int Inputs> struct Check; // the argument checks
template <class T, int Inputs> struct Rows;  // sums over the rows of the samples
class Message;                               // a refusal's text
[[noreturn]] inline void fail(const Message &message);
[[noreturn]] inline void fail_overflow(const char *where, const char *what, Eigen::Index row = -1);
template <class T> [[noreturn]] void diverged(const char *where, std::size_t iteration, T rate, const char *what);
[[noreturn]] inline void fail_not_finite(const char *where, const char *what, std::size_t iteration);
template <class T> [[noreturn]] void fail_singular(Eigen::Index parameter, Eigen::Index inputs);
template <class D, class F> void for_each_stored(const D &x, F &&f); // over a sparse matrix's values
template <class D> typename D::Scalar largest_magnitude(const D &x);
} // namespace detail

// === 3. The neuron ==========================================================================

/// One sigmoid neuron: prediction ŷ = σ(w·x + b) for an input x with `Inputs` values.
///
/// The math, once. For one sample x with target t and a loss E(ŷ, t) (section 2):
///     z = w·x + b,   ŷ = σ(z)
///     ∂E/∂w = dE/dz · ∂z/∂w = dE/dz · x        ∂E/∂b = dE/dz · 1
/// and a step of gradient descent with learning rate r is w −= r·∂E/∂w, b −= r·∂E/∂b.
///
/// `Inputs` fixes the size at compile time (weights live on the stack and the hot path does no
/// heap allocation) or is Eigen::Dynamic. Data of the wrong width is refused either way.
template <class T, int Inputs = Eigen::Dynamic> class Neuron {
    static_assert(detail::is_supported_scalar<T>, "tinyneuron::Neuron: T must be float, double or long double");
    static_assert(Inputs == Eigen::Dynamic || Inputs >= 1,
                  "tinyneuron::Neuron: Inputs must be at least 1, or Eigen::Dynamic");
    template <class D> using Sample = typename detail::DataCheck<D, T, Inputs, 'x'>::type;
    template <class D> using Targets = typename detail::DataCheck<D, T, Inputs, 't'>::type;
    template <class D> using Samples = typename detail::DataCheck<D, T, Inputs, 'X'>::type;
    using Check = detail::Check<T, Inputs>;
    using Rows = detail::Rows<T, Inputs>;

  public:
    using Scalar = T;
    /// The weights, and one gradient: a column of `Inputs` values.
    using Vector = Eigen::Matrix<T, Inputs, 1>;
    /// One value per sample: predictions, targets.
    using BatchVector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    /// ∂E/∂w and ∂E/∂b.
    struct Gradients {
        Vector weights;
        T bias;
    };

    /// A neuron with the given weights and bias.
    /// Throws std::invalid_argument if there are no weights or a value is not finite.
    Neuron(const Vector &weights, T bias) : weights_(weights), bias_(bias) {
        Check::parameters("Neuron::Neuron", weights_, bias_);
    }

    /// Weights and bias drawn from the standard normal, weights first (the tutorial's
    /// `np.random.randn`), using only `rng`'s raw output; see standard_normal.
    /// Throws std::invalid_argument if `inputs` < 1, or differs from a fixed `Inputs`.
    template <class Rng> static Neuron random(Eigen::Index inputs, Rng &rng) {
        Check::inputs("Neuron::random", inputs);
        Vector weights = Vector::Zero(inputs);
        for (Eigen::Index i = 0; i < inputs; ++i) {
            weights(i) = static_cast<T>(standard_normal(rng));
        }
        const auto bias = static_cast<T>(standard_normal(rng));
        return Neuron(weights, bias);
    }
    /// The same for a fixed size, not repeated: `Neuron<double, 2>::random(rng)`.
    template <class Rng, int N = Inputs, std::enable_if_t<N != Eigen::Dynamic, int> = 0>
    static Neuron random(Rng &rng) {
        return random(Eigen::Index{Inputs}, rng);
    }

    const Vector &weights() const noexcept { return weights_; }
    T bias() const noexcept { return bias_; }
    Eigen::Index inputs() const noexcept { return weights_.size(); }

    /// ŷ = σ(w·x + b) for one sample `x`: any vector expression of `inputs()` values of type T
    /// (a column, a transposed row, an Eigen::Map over your memory), read without a copy.
    /// Throws std::invalid_argument on a size mismatch or a non-finite value, std::overflow_error
    /// when w·x overflows to ∞ − ∞.
    template <class D, Sample<D> = 0> T predict(const Eigen::MatrixBase<D> &x) const {
        Check::sample("Neuron::predict", inputs(), x);
        return sigmoid(Check::z("Neuron::predict", z_of(x, weights_, bias_)));
    }

    /// The predictions for every row of `samples` (rows × inputs()), as one vectorised product.
    /// Throws std::invalid_argument on a column count other than inputs(), no rows, or a
    /// non-finite value.
    template <class D, Samples<D> = 0> BatchVector predict_batch(const Eigen::EigenBase<D> &samples) const {
        Check::samples("Neuron::predict_batch", inputs(), samples);
        return Rows::predictions("Neuron::predict_batch", samples.derived(), weights_, bias_);
    }

    /// ∂E/∂w = dE/dz·x and ∂E/∂b = dE/dz of one sample's `loss` (dE/dz: loss_slope).
    /// Throws std::invalid_argument on a size mismatch, a non-finite value, a target outside
    /// [0, 1] or an unknown loss.
    template <class D, Sample<D> = 0>
    Gradients gradients(const Eigen::MatrixBase<D> &x, T target, Loss loss = Loss::squared_error) const {
        Check::sample("Neuron::gradients", inputs(), x, target, loss);
        const T z = Check::z("Neuron::gradients", z_of(x, weights_, bias_));
        const T slope = loss == Loss::cross_entropy ? detail::loss_slope<Loss::cross_entropy>(z, target)
                                                    : detail::loss_slope<Loss::squared_error>(z, target);
        return Gradients{Vector(slope * x), slope};
    }

    /// The gradient of error(samples, targets, loss), the sum over rows: with the slopes
    /// s_i = dE/dz_i, ∂E/∂w = Xᵀs and ∂E/∂b = Σ s_i, as vectorised products. Throws as error.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    Gradients batch_gradients(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                              Loss loss = Loss::squared_error) const {
        constexpr const char *where = "Neuron::batch_gradients";
        Check::samples(where, inputs(), samples, targets, loss);
        Gradients g{Vector::Zero(inputs()), T(0)};
        const detail::Stored<DT> t = targets.derived();
        typename Rows::template Products<DS> z;
        Rows::add_gradient(loss, where, samples.derived(), detail::target_ref(t), weights_, bias_, z, g);
        return g;
    }

    /// ∇²E·v, the Hessian of error(samples, targets, loss) (the sum over rows) times a direction v = (v.weights,
    /// v.bias), without forming it: differentiating batch_gradients' X̃ᵀs once more along v gives X̃ᵀ·C·(X̃·v), with
    /// c_i = d²E/dz_i² (section 2's curvature), in two products over the rows. fit's Hessian-free steps are made of
    /// it. Throws as error does, and on a direction of another size or with a value that is not finite.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    Gradients hessian_product(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets, Loss loss,
                              const Gradients &v) const {
        constexpr const char *where = "Neuron::hessian_product";
        Check::samples(where, inputs(), samples, targets, loss);
        Check::direction(where, inputs(), v);
        const detail::Stored<DT> t = targets.derived();
        const auto target = detail::target_ref(t);
        BatchVector c(samples.rows());
        Rows::for_each_product(where, samples.derived(), weights_, c, true,
                               [&](const auto &, Eigen::Index first, auto &z) {
                                   for (Eigen::Index i = 0; i < z.size(); ++i) {
                                       const T z_i = z(i) + bias_;
                                       z(i) = loss == Loss::cross_entropy
                                                  ? detail::loss_curvature<Loss::cross_entropy>(z_i, target(first + i))
                                                  : detail::loss_curvature<Loss::squared_error>(z_i, target(first + i));
                                   }
                               });
        typename Rows::Params product = Rows::Params::Zero(inputs() + 1);
        typename Rows::template Products<DS> z;
        Rows::add_hessian_product(samples.derived(), c, v.weights, v.bias, z, product);
        return Gradients{Rows::weights_of(product), product(inputs())};
    }

    /// One step of gradient descent: w −= learning_rate·g.weights, b −= learning_rate·g.bias.
    /// Throws std::invalid_argument, changing nothing, on gradients of another size, non-finite
    /// gradients, a learning rate that is not finite and > 0, or a step that would leave the
    /// parameters non-finite.
    void update(const Gradients &g, T learning_rate) {
        Check::update("Neuron::update", inputs(), g, learning_rate);
        Vector weights = weights_;
        T bias = bias_;
        step(weights, bias, g.weights, g.bias, learning_rate);
        Check::step_result("Neuron::update", weights, bias, learning_rate);
        weights_ = weights;
        bias_ = bias;
    }

    /// The sum over the rows of one sample's `loss`: with the default, the tutorial's cumulative
    /// error Σ (σ(w·x_i + b) − t_i)². `samples` is rows × inputs(), `targets` a vector with one
    /// value in [0, 1] per row. Throws std::invalid_argument on mismatched sizes, no rows, bad
    /// values or an unknown loss, std::overflow_error when a w·x_i is ∞ − ∞.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    T error(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
            Loss loss = Loss::squared_error) const {
        return loss_total("Neuron::error", samples, targets, loss);
    }

    /// What train and fit minimise, on the scale of error: error(samples, targets, loss) + rows·l2·‖w‖².
    /// Their steps descend it divided by the row count, (1/n)·Σ loss + l2·‖w‖², so l2 keeps its meaning
    /// whatever the number of rows. Throws as error does, and on an l2 that is not finite and >= 0.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    T objective(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets, Loss loss, T l2) const {
        Check::l2("Neuron::objective", l2);
        return loss_total("Neuron::objective", samples, targets, loss) + Rows::penalty(samples.rows(), l2, weights_);
    }

    /// The fraction of rows, in [0, 1], whose prediction is on their target's side of 0.5:
    /// (ŷ_i ≥ 0.5) == (t_i ≥ 0.5). Throws as error does.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    T accuracy(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets) const {
        Check::samples("Neuron::accuracy", inputs(), samples, targets, Loss::squared_error);
        const BatchVector p = Rows::predictions("Neuron::accuracy", samples.derived(), weights_, bias_);
        const detail::Stored<DT> t = targets.derived();
        const auto right = ((p.array() >= T(0.5)) == (detail::target_ref(t).array() >= T(0.5))).count();
        return static_cast<T>(right) / static_cast<T>(p.size());
    }

    /// Gradient descent on `options.loss`, `options.iterations` steps, each on the rows TrainOptions says (by default
    /// the tutorial's: one row drawn with uniform_index over `rng`). After the step of iteration i (from 0), when
    /// i % record_every == 0, the history gains objective(samples, targets, options.loss, options.l2), the error
    /// itself when l2 = 0: 1000 iterations recording every 100 give 10 values. `on_record(iteration, value)`, if given,
    /// is called at each record; if it returns false, training stops there, keeping the parameters reached. Throws
    /// std::invalid_argument on bad data or options, DivergenceError if the parameters or the error stop being finite,
    /// or what on_record throws; then the neuron keeps its parameters.
    template <class DS, class DT, class Rng, class OnRecord = detail::NoRecord, Samples<DS> = 0, Targets<DT> = 0>
    std::vector<T> train(const Eigen::MatrixBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                         const TrainOptions<T> &options, Rng &rng, OnRecord &&on_record = {}) {
        static_assert(detail::is_callback<OnRecord, T>,
                      "tinyneuron::Neuron::train: on_record must be callable as "
                      "on_record(std::size_t iteration, T objective), returning void or bool");
        Check::training("Neuron::train", inputs(), samples, targets, options);
        std::vector<T> history;
        history.reserve(options.iterations == 0 ? 0 : (options.iterations - 1) / options.record_every + 1);
        train_checked("Neuron::train", samples.derived(), targets, options, rng, [&](std::size_t iteration, T value) {
            history.push_back(value);
            return detail::keep_going(on_record, iteration, value);
        });
        return history;
    }

    /// train without the history: each record, the value train's history would gain, goes only to
    /// `on_record(iteration, value)`, which may stop training as in train. Fixed-size data and a fixed-size Neuron
    /// take no memory from the heap: for a microcontroller, or a loop that trains again and again. Throws as train.
    template <class DS, class DT, class Rng, class OnRecord = detail::NoRecord, Samples<DS> = 0, Targets<DT> = 0>
    void train_without_history(const Eigen::MatrixBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                               const TrainOptions<T> &options, Rng &rng, OnRecord &&on_record = {}) {
        static_assert(detail::is_callback<OnRecord, T>,
                      "tinyneuron::Neuron::train_without_history: on_record must be callable as "
                      "on_record(std::size_t iteration, T objective), returning void or bool");
        Check::training("Neuron::train_without_history", inputs(), samples, targets, options);
        train_checked("Neuron::train_without_history", samples.derived(), targets, options, rng, on_record);
    }

    /// Minimises objective(samples, targets, options.loss, options.l2) from the current parameters by damped Newton
    /// steps (section 5), and keeps the parameters reached. Cross-entropy: to its one minimum, in a few steps,
    /// whatever the inputs' scale. Squared error: to a minimum near the start (it may have several). Every step
    /// lowers the objective. With l2 = 0, an input column that is a linear combination of the bias and the columns
    /// before it has its weight held at 0 (FitResult::aliased). Where no minimum exists (separated classes, one-class
    /// data) the fit ends FitStatus::no_minimum, keeping the parameters reached; FitStatus says what each ending
    /// checked. `on_iteration(iteration, objective)` or `on_iteration(iteration, objective, neuron)`, if given, is
    /// called after each step (iteration from 0) with the neuron that step reached; if it returns false, the fit
    /// stops there with FitStatus::stopped. Throws std::invalid_argument as train does and on a tolerance that is
    /// not finite and > 0, std::overflow_error naming the iteration where the objective, its gradient or its Hessian
    /// stops being finite, or what on_iteration throws; then the neuron keeps its parameters.
    template <class DS, class DT, class OnIteration = detail::NoRecord, Samples<DS> = 0, Targets<DT> = 0>
    FitResult<T> fit(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                     const FitOptions<T> &options = {}, OnIteration &&on_iteration = {}) {
        static_assert(detail::is_callback<OnIteration, T> || detail::is_callback<OnIteration, T, const Neuron &>,
                      "tinyneuron::Neuron::fit: on_iteration must be callable as on_iteration(std::size_t iteration, "
                      "T objective) or on_iteration(iteration, objective, const Neuron &), returning void or bool");
        Check::training("Neuron::fit", inputs(), samples, targets, options);
        const detail::Stored<DT> t = targets.derived();
        return options.loss == Loss::cross_entropy
                   ? fit_loop<Loss::cross_entropy>(samples.derived(), detail::target_ref(t), options, on_iteration)
                   : fit_loop<Loss::squared_error>(samples.derived(), detail::target_ref(t), options, on_iteration);
    }

    /// The quantities of R's summary(glm(..., family = binomial)) for the unpenalised cross-entropy at the current
    /// parameters, normally right after a fit that converged with l2 = 0: estimates, standard errors from the inverse
    /// of the Hessian X̃ᵀ·C·X̃, z and two-sided p values, the aliased columns (as fit finds them; their standard
    /// error, z and p are NaN), the deviance, the null deviance and the AIC. These mean what R's mean for targets of
    /// 0 and 1 at the minimum. Computed as they stand elsewhere: with fractional targets the deviance is 2 × the
    /// cross-entropy (which includes the targets' own entropy); after no_minimum or max_iterations, or with a
    /// penalty, the parameters are not the unpenalised optimum and the standard errors describe nothing. Throws
    /// std::invalid_argument as error does, and when the Hessian is singular at these parameters in columns that are
    /// not aliased (rows saturated at σ = 0 or 1); std::overflow_error where it overflows.
    template <class DS, class DT, Samples<DS> = 0, Targets<DT> = 0>
    Summary<T> summary(const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets) const {
        Check::training("Neuron::summary", inputs(), samples, targets, FitOptions<T>{});
        const detail::Stored<DT> t = targets.derived();
        return summary_checked(samples.derived(), detail::target_ref(t));
    }

    /// Writes the neuron as five lines of text, exact to the bit and independent of the stream's locale (values are
    /// hexadecimal floating point, e.g. -0x1.8p-1 = -0.75):
    ///     tinyneuron-neuron 1            format name and version
    ///     scalar double 53               T and its mantissa bits
    ///     inputs 2
    ///     bias 0x1.47ae147ae147bp-7
    ///     weights 0x1.7333333333333p+0 -0x1.51eb851eb851fp-1
    /// Throws std::runtime_error if the stream fails.
    void save(std::ostream &out) const;

    /// Reads a neuron written by save, consuming its five lines, each ending in a newline, and nothing more. A value is
    /// [-]0x<1 to 64 hex digits, one may be a point>p[+|-]<1 to 6 decimal digits>, rounded to the nearest T (ties to
    /// even). Throws std::invalid_argument naming the line and column of the first problem: a missing or unknown
    /// header or version, another scalar type or input count than this Neuron's, a value that is not such a float or
    /// is out of T's range (it overflows, or it is not zero but below T's smallest subnormal), the wrong number of
    /// weights, or a stream that ends early, even by one newline: a file cut anywhere is refused.
    static Neuron load(std::istream &in);

  private:
    Vector weights_;
    T bias_;

    template <class D> static T z_of(const Eigen::MatrixBase<D> &x, const Vector &w, T b) {
        return w.dot(x) + b; // z = w·x + b
    }

    template <class DG>
    static void step(Vector &weights, T &bias, const Eigen::MatrixBase<DG> &g_weights, T g_bias, T rate) {
        weights -= rate * g_weights; // w −= r·∂E/∂w
        bias -= rate * g_bias;       // b −= r·∂E/∂b
    }

    /// train and train_without_history, once their arguments are checked (`where` names the one called).
    template <class DS, class DT, class Rng, class OnRecord>
    void train_checked(const char *where, const DS &samples, const Eigen::MatrixBase<DT> &targets,
                       const TrainOptions<T> &options, Rng &rng, OnRecord &&on_record) {
        const detail::Stored<DT> t = targets.derived();
        if (options.loss == Loss::cross_entropy) {
            train_loop<Loss::cross_entropy>(where, samples, detail::target_ref(t), options, rng, on_record);
        } else {
            train_loop<Loss::squared_error>(where, samples, detail::target_ref(t), options, rng, on_record);
        }
    }
    template <Loss L, class DS, class Rng, class OnRecord>
    void train_loop(const char *where, const DS &samples, const detail::TargetRef<T> &targets,
                    const TrainOptions<T> &options, Rng &rng, OnRecord &on_record);
    template <Loss L, class DS, class OnIteration>
    FitResult<T> fit_loop(const DS &samples, const detail::TargetRef<T> &targets, const FitOptions<T> &options,
                          OnIteration &on_iteration);
    template <class DS> Summary<T> summary_checked(const DS &samples, const detail::TargetRef<T> &targets) const;

    /// error's sum, its checks naming `where`.
    template <class DS, class DT>
    T loss_total(const char *where, const Eigen::EigenBase<DS> &samples, const Eigen::MatrixBase<DT> &targets,
                 Loss loss) const {
        // Samples of two columns: loss_sum checks the targets in its one pass over the rows.
        Check::samples(where, inputs(), samples, targets, loss, !Rows::in_two_columns(samples.derived()));
        const detail::Stored<DT> t = targets.derived();
        typename Rows::template Products<DS> z;
        return Rows::loss_sum(loss, where, samples.derived(), detail::target_ref(t), weights_, bias_, z);
    }
    static std::string hex(T value);
    static std::string scalar_line();
};

// === 4. The training loop ===================================================================

template <class T, int Inputs>
template <Loss L, class DS, class Rng, class OnRecord>
void Neuron<T, Inputs>::train_loop(const char *where, const DS &samples, const detail::TargetRef<T> &t,
                                   const TrainOptions<T> &options, Rng &rng, OnRecord &on_record) {
    // Samples stored in memory are read where they are; an expression is evaluated once.
    const detail::Stored<DS> x = samples;
    const auto rows = static_cast<std::size_t>(x.rows());
    const T rate = options.learning_rate;
    const T decay = T(2) * options.l2;        // ∂(l2·‖w‖²)/∂w = 2·l2·w
    const bool penalised = options.l2 > T(0); // l2 is checked >= 0: whether it is other than 0
    // Train a working copy; the neuron takes it only when every step stayed finite.
    Vector weights = weights_;
    T bias = bias_;
    typename Rows::template Products<DS> z(x.rows()); // the products w·x_i, for the error and full-batch steps
    Gradients g{Vector::Zero(inputs()), T(0)};

    for (std::size_t iteration = 0; iteration < options.iterations; ++iteration) {
        if (options.batch_size == 1) { // the tutorial's step, on one row drawn at random
            const auto i = static_cast<Eigen::Index>(uniform_index(rng, rows));
            const T slope = detail::loss_slope<L>(z_of(x.row(i), weights, bias), t(i));
            if (penalised) {
                step(weights, bias, slope * x.row(i).transpose() + decay * weights, slope, rate);
            } else {
                step(weights, bias, slope * x.row(i).transpose(), slope, rate);
            }
        } else { // the mean gradient of all rows (batch_size 0) or of k rows drawn at random
            g.weights.setZero();
            g.bias = T(0);
            if (options.batch_size == 0) {
                Rows::template add_gradient<L>(nullptr, x, t, weights, bias, z, g); // Xᵀs, Σ s_i
            }
            for (std::size_t k = 0; k < options.batch_size; ++k) {
                const auto i = static_cast<Eigen::Index>(uniform_index(rng, rows));
                const T slope = detail::loss_slope<L>(z_of(x.row(i), weights, bias), t(i));
                g.weights += slope * x.row(i).transpose();
                g.bias += slope;
            }
            const T mean = T(1) / static_cast<T>(options.batch_size == 0 ? rows : options.batch_size);
            step(weights, bias, mean * g.weights + decay * weights, mean * g.bias, rate);
        }
        if (!(std::isfinite(bias) && weights.allFinite())) {
            detail::diverged(where, iteration, rate, "the weights or the bias");
        }
        if (iteration % options.record_every == 0) {
            const T e = Rows::template loss_sum<L>(nullptr, x, t, weights, bias, z) +
                        Rows::penalty(x.rows(), options.l2, weights);
            if (!std::isfinite(e)) {
                detail::diverged(where, iteration, rate, "the error");
            }
            if (!detail::keep_going(on_record, iteration, e)) {
                break;
            }
        }
    }
    weights_ = weights;
    bias_ = bias;
}

// === 5. Fitting to the optimum: Newton's method ============================================
//
// With θ = (w, b), and each row given a 1 for the bias, x̃_i = (x_i, 1) so that z_i = θ·x̃_i, the
// objective and its derivatives follow from section 2's slope s_i = dE/dz_i and curvature
// c_i = d²E/dz_i² by the chain rule, once and twice:
//     f(θ)   = Σ E(z_i, t_i) + n·l2·‖w‖²
//     ∇f(θ)  = X̃ᵀs       + 2n·l2·(w, 0)
//     ∇²f(θ) = X̃ᵀ·C·X̃    + 2n·l2·diag(1, …, 1, 0),     C = diag(c_1, …, c_n)
// Newton's step Δ minimises the quadratic model f(θ + Δ) ≈ f + ∇f·Δ + ½·Δᵀ∇²f·Δ: ∇²f·Δ = −∇f.
// The Hessian is formed and factorised in the data's own units, H̃ = S·∇²f·S with S = D^−½,
// D = diag(X̃ᵀX̃), so unscaled inputs take the same steps as standardised ones, and τ below means
// the same for any data. Each step costs O(n·D² + D³) for D inputs.
//
// The fit follows Boyd and Vandenberghe's Algorithm 9.5, damped where the model misleads:
//   hold   a column that is a combination of the bias and the columns before it (R's glm
//          order) at 0: the minimum is then a whole line, and fitting the rest gives R's answer.
//   shrink a far-out start, θ·2^−k for the k that lowers f most, up to every |z_i| ≤ 1: rows
//          saturated at z = ±∞ have c_i ≈ 0, so Newton's steps from there crawl.
//   loop:
//     model      f, ∇f and ∇²f at θ, each finite or an error naming the iteration (0: the start).
//     separated? a direction v of θ along which no row's loss rises and some row's falls
//                proves that no minimum exists (no_minimum); it is checked on every row.
//     step       Δ(τ) solves (H̃ + τ·I)·S⁻¹Δ = −S·∇f, at first with the least τ, P·ε.
//     decrement  ½·λ² = −½·∇f·Δ = ½·∇fᵀ(∇²f)⁻¹∇f estimates f − min f; at most tolerance·f, with
//                ∇²f positive definite on its own, is converged (after one last full step,
//                which squares the distance, taken unless it raises f beyond the tolerance).
//     search     τ grows tenfold from 10⁻³ until H̃ + τ·I is positive definite and the step
//                satisfies Armijo's condition f(θ + Δ) ≤ f(θ) + 10⁻⁴·∇f·Δ; a larger τ turns
//                the step towards −D⁻¹∇f and shortens it. Past τ = 1/ε² no step lowers f as
//                far as T can tell: at a positive definite ∇²f that is the minimum, to T's
//                precision (converged); elsewhere the fit has stalled.
//     accept     θ ← θ + Δ.
namespace detail {

/// The upper-triangular R of X = Q·R for a tall matrix given in blocks of rows, none kept: each block B is stacked
/// under the R so far and [R; B] factorised again, a Householder reflection a column (Golub and Van Loan, section
/// 5.1). R being zero below its diagonal, reflection j touches only row j of R and the rows of B, so that one pass
/// over the rows gives what a QR of them all would, in O(rows·D²).
template <class T> class StackedQR {
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    Matrix r_, block_;
    Column column_, w_;

  public:
    explicit StackedQR(Eigen::Index columns) : r_(Matrix::Zero(columns, columns)), w_(columns) {}
    /// Adds the rows of `block` (any rows × columns expression).
    template <class B> void add(const B &block) {
        const Eigen::Index p = r_.cols();
        const Eigen::Index m = block.rows();
        block_ = block;
        column_.resize(m + 1);
        for (Eigen::Index j = 0; j < p; ++j) {
            // H = I − τ·v·vᵀ, v = (1, essential), maps column j, (r_jj, b_j), onto (β, 0, …, 0) ...
            column_ << r_(j, j), block_.col(j);
            T tau = T(0);
            T beta = T(0);
            column_.makeHouseholderInPlace(tau, beta);
            r_(j, j) = beta;
            // ... and the columns after it, (r_j,rest; B_rest), to themselves less τ·v·(vᵀ·them)
            const Eigen::Index rest = p - j - 1;
            const auto essential = column_.tail(m);
            auto w = w_.head(rest);
            w.noalias() = block_.rightCols(rest).transpose() * essential;
            w += r_.row(j).tail(rest).transpose();
            r_.row(j).tail(rest) -= tau * w.transpose();
            block_.rightCols(rest).noalias() -= essential * (tau * w.transpose()); // no temporary of B's height
        }
    }
    const Matrix &r() const { return r_; }
};

/// The blocks that StackedQR takes at a time from a pass over the rows: about 1 MiB, which each reflection reads
/// twice, and R once a block (the fastest of 64 KiB to 2 MiB measured, docs/benchmarks.md).
inline Eigen::Index qr_block_rows(Eigen::Index columns, std::size_t scalar_size) {
    return std::max<Eigen::Index>(16, static_cast<Eigen::Index>((std::size_t{1} << 20) / scalar_size) / columns);
}

/// A Householder reflection (Golub and Van Loan, section 5.1) that maps column j of `a`, from row k down, onto row k
/// and is applied to the columns after j: a(k, j) becomes ±the part's length, the reflection's essential part stays
/// below it, and its coefficient is returned. `workspace` holds a row of `a`.
template <class T>
T reflect_column(Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> &a, Eigen::Index k, Eigen::Index j,
                 Eigen::Matrix<T, Eigen::Dynamic, 1> &workspace) {
    const Eigen::Index below = a.rows() - k;
    T tau = T(0);
    T beta = T(0);
    a.col(j).tail(below).makeHouseholderInPlace(tau, beta);
    a.bottomRightCorner(below, a.cols() - j - 1)
        .applyHouseholderOnTheLeft(a.col(j).tail(below - 1), tau, workspace.data());
    a(k, j) = beta;
    return tau;
}

/// Which columns of X = Q·R are linear combinations of the columns before them, as R's glm finds
/// them (LINPACK's dqrdc2, which R's QR calls): the columns are taken in order, and one whose
/// distance from the span of those kept before it is at most `tolerance` × its length is
/// flagged and passed over. `r` is X's R (it has X's column lengths and angles); `kept` gets the
/// triangular factor of the columns kept, in order.
template <class T>
Eigen::Array<bool, Eigen::Dynamic, 1>
dependent_columns(Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> r, T tolerance,
                  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> *kept = nullptr) {
    const Eigen::Index m = r.rows();
    const Eigen::Index p = r.cols();
    Eigen::Array<bool, Eigen::Dynamic, 1> dependent = Eigen::Array<bool, Eigen::Dynamic, 1>::Constant(p, true);
    const Eigen::Matrix<T, Eigen::Dynamic, 1> length = r.colwise().norm().transpose();
    Eigen::Matrix<T, Eigen::Dynamic, 1> workspace(p);
    Eigen::Index rank = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
        // Column j, with the reflections of the columns kept so far applied: its entries from
        // row `rank` on are its part outside their span.
        if (rank < m && r.col(j).tail(m - rank).norm() > tolerance * length(j)) {
            reflect_column(r, rank++, j, workspace);
            dependent(j) = false;
        }
    }
    if (kept != nullptr) {
        *kept = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>::Zero(rank, rank);
        for (Eigen::Index j = 0, k = 0; j < p; ++j) {
            if (!dependent(j)) {
                kept->col(k).head(k + 1) = r.col(j).head(k + 1);
                ++k;
            }
        }
    }
    return dependent;
}

/// x ← U⁻¹·x by back substitution, U upper triangular (only its upper triangle is read).
template <class U, class X> void solve_upper(const U &u, X &&x) {
    for (Eigen::Index j = x.size() - 1; j >= 0; --j) {
        x(j) /= u(j, j);
        x.head(j) -= x(j) * u.col(j).head(j);
    }
}

/// x ← U⁻ᵀ·x by forward substitution, U upper triangular (only its upper triangle is read).
template <class U, class X> void solve_upper_transposed(const U &u, X &&x) {
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        x(i) = (x(i) - u.col(i).head(i).dot(x.head(i))) / u(i, i);
    }
}

/// S = D^−½, D = diag(X̃ᵀX̃): each column's 1/‖x_j‖, then the bias's 1/√n. A length that x_j² would overflow or
/// underflow is measured by Eigen's stableNorm; a column of zeros, or one whose length or 1/length overflows, gets 1.
template <class Params, class X> Params column_scales(const X &x) {
    using T = typename X::Scalar;
    using std::sqrt;
    Params s(x.cols() + 1);
    Eigen::Matrix<T, 1, Eigen::Dynamic> squares(x.cols());
    // Whether a sparse column stores a value other than 0: one that does not has length 0, found in this pass (not
    // by a norm of n values). Dense data needs no such flags, and allocates none.
    Eigen::Array<bool, Eigen::Dynamic, 1> stores;
    if constexpr (is_sparse<X>) {
        squares.setZero();
        stores.setConstant(x.cols(), false);
        for_each_stored(x, [&](Eigen::Index, Eigen::Index j, T v) {
            squares(j) += v * v;
            stores(j) = stores(j) || v != T(0);
        });
    } else {
        squares = x.colwise().squaredNorm();
    }
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const T sq = squares(j);
        const bool normal = sq >= (std::numeric_limits<T>::min)() && sq <= (std::numeric_limits<T>::max)();
        T length = sqrt(sq);
        if constexpr (is_sparse<X>) {
            if (!normal && stores(j)) {
                length = Eigen::Matrix<T, Eigen::Dynamic, 1>(x.col(j)).stableNorm();
            }
        } else if (!normal) {
            length = x.col(j).stableNorm();
        }
        const bool usable = length > T(0) && std::isfinite(length) && std::isfinite(T(1) / length);
        s(j) = usable ? T(1) / length : T(1);
    }
    s(x.cols()) = T(1) / sqrt(static_cast<T>(x.rows()));
    return s;
}

/// How close to the span of the columns before it a column must be to count as aliased, relative to its length:
/// R's qr() and lm() default, 10⁻⁷, or 1000·ε where T's rounding of the data alone is coarser (float: 1.2·10⁻⁴).
/// (glm's own is 10⁻¹¹ on C^½·X̃: a column between the two is kept by glm, held here.)
template <class T> constexpr T aliasing_tolerance() {
    return std::max(T(1e-7), T(1000) * std::numeric_limits<T>::epsilon());
}

/// v less its part in the span of the columns of `a`, twice, by one QR with column pivoting (Businger and Golub's):
/// each step reflects the longest remaining part of a column, until none is longer than min(rows, columns)·ε × the
/// first (the rank Eigen's ColPivHouseholderQR finds); v ← Q·(Qᵀv with its first `rank` entries zeroed). (A function
/// of T alone, so that each fit's data and loss do not compile it again.)
template <class T>
void project_off_columns(Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> a, Eigen::Matrix<T, Eigen::Dynamic, 1> &v) {
    const Eigen::Index m = a.rows();
    const Eigen::Index p = a.cols();
    const T threshold = static_cast<T>(std::min(m, p)) * std::numeric_limits<T>::epsilon();
    Eigen::Matrix<T, Eigen::Dynamic, 1> tau(std::min(m, p)), workspace(p);
    Eigen::Index rank = 0;
    for (T first = T(0); rank < std::min(m, p); ++rank) {
        Eigen::Index j = 0;
        const T longest = a.bottomRightCorner(m - rank, p - rank).colwise().norm().maxCoeff(&j);
        first = rank == 0 ? longest : first;
        if (!(longest > threshold * first)) {
            break;
        }
        a.col(rank).swap(a.col(rank + j));
        tau(rank) = reflect_column(a, rank, rank, workspace);
    }
    const auto reflect = [&](Eigen::Index k) {
        T unused = T(0);
        v.tail(m - k).applyHouseholderOnTheLeft(a.col(k).tail(m - k - 1), tau(k), &unused);
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (Eigen::Index k = 0; k < rank; ++k) {
            reflect(k); // Qᵀ, one reflection at a time
        }
        v.head(rank).setZero();
        for (Eigen::Index k = rank; k-- > 0;) {
            reflect(k); // Q
        }
    }
}

/// Solves (H̃ + τ·I)·Δ̃ = −S·∇f by a Cholesky factorisation UᵀU and gives Δ = S·Δ̃, H̃ = S·∇²f·S being
/// the Hessian as add_quadratic forms it.
template <class Hessian> class NewtonSolver {
    using T = typename Hessian::Scalar;
    using Params = Eigen::Matrix<T, Hessian::RowsAtCompileTime, 1>;
    Hessian shifted_; // H̃ + τ·I, then U in its upper triangle
    Params scale_, delta_;
    T tau_ = T(0);
    bool factorised_ = false;

  public:
    explicit NewtonSolver(const Params &scale) : scale_(scale), delta_(Params::Zero(scale.size())) {}
    /// The least damping, P·ε: Newton's own step, and a finite one where ∇²f is singular.
    T least() const { return static_cast<T>(scale_.size()) * std::numeric_limits<T>::epsilon(); }
    /// Δ(τ), then delta() holds it; false if H̃ + τ·I is not positive definite or Δ is not finite.
    bool solve(const Hessian &scaled_hessian, const Params &gradient, T tau) {
        tau_ = tau;
        shifted_ = scaled_hessian;
        shifted_.diagonal().array() += tau;
        factorised_ = factorise();
        if (!factorised_) {
            return false;
        }
        delta_ = scale_.cwiseProduct(gradient);
        solve_upper_transposed(shifted_, delta_); // in place: the fit allocates nothing per step
        solve_upper(shifted_, delta_);
        delta_ = -scale_.cwiseProduct(delta_);
        return delta_.allFinite();
    }
    const Params &delta() const { return delta_; }
    /// Whether the last factorisation owed its success to H̃ itself, not to τ: every pivot above 2τ (H̃ = 0, a
    /// plateau, gives pivots of exactly τ).
    bool positive_definite() const { return factorised_ && (shifted_.diagonal().array().square() > T(2) * tau_).all(); }

  private:
    /// shifted_ = UᵀU, a column of U at a time: its entries above the diagonal solve Uᵀ·u_j = a_j over the columns
    /// before it, and u_jj² is what is left of a_jj. False at a pivot u_jj² that is not > 0.
    bool factorise() {
        using std::sqrt;
        for (Eigen::Index j = 0; j < shifted_.cols(); ++j) {
            auto column = shifted_.col(j);
            solve_upper_transposed(shifted_.topLeftCorner(j, j), column.head(j));
            const T pivot = column(j) - column.head(j).squaredNorm();
            if (!(pivot > T(0))) {
                return false;
            }
            column(j) = sqrt(pivot);
        }
        return true;
    }
};

/// The same step without forming ∇²f: conjugate gradients on products ∇²f·v (Nocedal and Wright, Algorithm 5.3), in
/// the data's units, the system (∇²f + τ·S⁻²)·Δ = −∇f being S⁻¹·(H̃ + τ·I)·S⁻¹ times Δ, and preconditioned by its
/// diagonal. Truncated (their Algorithm 7.1): it stops once the residual r, measured as S·r, is at most η·‖S·∇f‖ for
/// the caller's forcing term η, or after 2·P + 10 iterations. A direction of curvature ≤ 0 fails the solve, as a
/// Cholesky factorisation fails on a matrix that is not positive definite.
template <class Params> class ConjugateGradients {
    using T = typename Params::Scalar;
    Params square_, inverse_square_, damping_; // S², S⁻², τ·S⁻²
    Params delta_, residual_, preconditioner_, direction_, product_;
    T rz_ = T(0), norm2_ = T(0), gradient_norm2_ = T(0); // r·M⁻¹r, ‖S·r‖², ‖S·∇f‖²
    Eigen::Index iterations_ = 0;
    bool definite_ = false, every_direction_definite_ = true;

  public:
    explicit ConjugateGradients(const Params &scale)
        : square_(scale.cwiseAbs2()), inverse_square_(square_.cwiseInverse()), damping_(scale.size()),
          delta_(Params::Zero(scale.size())), residual_(scale.size()), preconditioner_(scale.size()),
          direction_(scale.size()), product_(scale.size()) {}
    T least() const { return static_cast<T>(square_.size()) * std::numeric_limits<T>::epsilon(); }
    /// Δ(τ) to the forcing term η, with times(v, out) setting out = ∇²f·v, and ∇²f's `diagonal`; false as
    /// NewtonSolver::solve.
    template <class Times>
    bool solve(const Times &times, const Params &diagonal, const Params &gradient, T tau, T forcing) {
        damping_ = tau * inverse_square_;                       // τ·S⁻²
        preconditioner_ = (diagonal + damping_).cwiseInverse(); // M⁻¹
        residual_ = -gradient;                                  // r = −∇f − (∇²f + τ·S⁻²)·0
        direction_ = preconditioner_.cwiseProduct(residual_);   // p = M⁻¹r
        rz_ = residual_.dot(direction_);                        // r·M⁻¹r
        norm2_ = square_.dot(residual_.cwiseAbs2());            // ‖S·r‖²
        gradient_norm2_ = norm2_;
        delta_.setZero();
        iterations_ = 0;
        definite_ = false; // until a direction has shown its curvature
        every_direction_definite_ = true;
        return resume(times, forcing);
    }
    /// The last solve carried on to a smaller forcing term: the same Δ a new solve to it would give, without making
    /// its first iterations again. Only after a solve that succeeded.
    template <class Times> bool resume(const Times &times, T forcing) {
        using std::sqrt;
        const T target = forcing * sqrt(gradient_norm2_);
        for (; iterations_ < 2 * square_.size() + 10 && sqrt(norm2_) > target; ++iterations_) {
            times(direction_, product_);
            const T damped = damping_.dot(direction_.cwiseAbs2()); // p·τ·S⁻²·p
            const T curvature = direction_.dot(product_) + damped; // p·(∇²f + τ·S⁻²)·p
            if (!(curvature > T(0))) {
                return false;
            }
            product_ += damping_.cwiseProduct(direction_);
            // H̃'s own curvature above τ, as NewtonSolver's pivots: p·∇²f·p > τ·‖S⁻¹p‖²
            every_direction_definite_ = every_direction_definite_ && curvature > T(2) * damped;
            definite_ = every_direction_definite_;
            const T alpha = rz_ / curvature;
            delta_ += alpha * direction_;
            residual_ -= alpha * product_;
            const T next = residual_.dot(preconditioner_.cwiseProduct(residual_));
            norm2_ = square_.dot(residual_.cwiseAbs2());
            direction_ = preconditioner_.cwiseProduct(residual_) + (next / rz_) * direction_;
            rz_ = next;
        }
        return delta_.allFinite();
    }
    const Params &delta() const { return delta_; }
    /// Whether the curvature of H̃ itself, not owed to τ, was above τ along every direction the solve took (as
    /// NewtonSolver's pivots): positive definite as far as the Krylov space it explored tells; false if it took none.
    bool positive_definite() const { return definite_; }
};

/// One fit's data, its model at θ and the steps of section 5's loop, for Neuron::fit_loop.
template <class T, int Inputs, Loss L, class X> class Newton {
    using R = Rows<T, Inputs>;
    using Vector = typename R::Vector;
    using Params = typename R::Params;
    const X &x_;
    const TargetRef<T> &t_;
    const FitOptions<T> &options_;
    const Eigen::Index n_, d_;
    const T decay_;   // ∂(n·l2·‖w‖²)/∂w = 2n·l2·w
    const bool free_; // Hessian-free steps (FitMethod)
    Params scale_;    // S = D^−½
    NewtonSolver<typename R::Hessian> solver_;
    ConjugateGradients<Params> cg_;
    Params diagonal_;        // H̃'s, for Hessian-free steps
    bool strict_ = false;    // delta() is a Hessian-free solve to strict_forcing at the least τ, of the current model
    bool resumable_ = false; // ... or one to a looser forcing term, that strict_solve carries on
    bool step_definite_ = false; // newton_step's ∇²f was positive definite on its own
    typename R::Quadratic f_;
    typename R::Scratch scratch_;
    ParameterFlags held_;
    Vector trial_weights_;
    T trial_bias_ = T(0), trial_value_ = T(0), trial_loss_ = T(0); // the trial point's b, f and f less the penalty
    bool taken_ = false; // θ is the trial point evaluate() set, its loss in trial_loss_ (for model(), once)
    int one_class_;      // 1 if every target is 1, −1 if every one is 0, else 0

  public:
    Newton(const X &x, const TargetRef<T> &t, const FitOptions<T> &options)
        : x_(x), t_(t), options_(options), n_(x.rows()), d_(x.cols()),
          decay_(T(2) * static_cast<T>(x.rows()) * options.l2), free_(hessian_free(x, options)),
          scale_(column_scales<Params>(x)), solver_(scale_), cg_(scale_), diagonal_(x.cols() + 1), f_(x.cols(), !free_),
          held_(ParameterFlags::Constant(x.cols() + 1, false)), trial_weights_(x.cols()),
          one_class_((t.array() >= T(1)).all()   ? 1
                     : (t.array() <= T(0)).all() ? -1
                                                 : 0) {}

    T trial_value() const { return trial_value_; }
    /// θ ← the trial point of the last line search or final step.
    void take_trial(Vector &w, T &b) {
        w = trial_weights_;
        b = trial_bias_;
        taken_ = true;
    }

    /// hold: with l2 = 0, flags the inputs whose column is a combination of the bias and the columns before it
    /// (to aliasing_tolerance) in one pass, and sets their weights to 0; the model keeps them there.
    void hold_aliased(Vector &w) {
        if (options_.l2 > T(0) || free_) {
            return;
        }
        StackedQR<T> qr(d_ + 1);
        const Eigen::Index block = qr_block_rows(d_ + 1, sizeof(T));
        Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> rows;
        for (Eigen::Index first = 0; first < n_; first += block) {
            const Eigen::Index m = std::min(block, n_ - first);
            rows.resize(m, d_ + 1);
            // R's order, the bias first; X̃·S, whose columns have length 1, so that no square overflows
            rows << Eigen::Matrix<T, Eigen::Dynamic, 1>::Constant(m, scale_(d_)),
                R::rows_of(x_, first, m) * R::weights_of(scale_).asDiagonal();
            qr.add(rows);
        }
        const auto dependent = dependent_columns<T>(qr.r(), aliasing_tolerance<T>());
        held_.head(d_) = dependent.tail(d_);
        for (Eigen::Index j = 0; j < d_; ++j) {
            if (held_(j)) {
                w(j) = T(0);
            }
        }
    }

    /// shrink: where some row is saturated, |z_i| > ½·ln(1/ε) (its curvature σ' below √ε, lost in a sum of
    /// curvatures near 1/4), the objective at θ·2^−k, k = 0, 1, …, until every |z_i| ≤ 1 (or T's range if some z_i
    /// is not finite); θ takes the lowest. True if that is a k > 0, the value then in trial_value(). A start with no
    /// row saturated is left as it is: Newton's steps work from there.
    bool shrink(Vector &w, T &b) {
        using std::abs;
        if (!(w.array() != T(0)).any() && std::fpclassify(b) == FP_ZERO) {
            return false; // the zero neuron: nothing to shrink, and no pass over the data for it
        }
        T value = T(0);
        T largest = T(0);
        R::for_each_product(nullptr, x_, w, scratch_.z, false, [&](const auto &, Eigen::Index first, const auto &p) {
            for (Eigen::Index i = 0; i < p.size(); ++i) {
                value += loss_value<L>(p(i) + b, t_(first + i));
                largest = abs(p(i) + b) <= largest ? largest : abs(p(i) + b); // NaN too
            }
        });
        value += penalty(w);
        using std::log;
        if (largest <= -log(std::numeric_limits<T>::epsilon()) / T(2)) {
            return false;
        }
        // |z_i| ≤ Σ_j |w_j|·|x_ij| + |b| < 2^halvings, found without forming z where z overflowed
        int halvings = 0;
        if (std::isfinite(largest)) {
            std::frexp(largest, &halvings);
        } else {
            int x_exponent = 0;
            int theta_exponent = 0;
            int count_exponent = 0;
            std::frexp(largest_magnitude(x_), &x_exponent);
            std::frexp(std::max(w.cwiseAbs().maxCoeff(), abs(b)), &theta_exponent);
            std::frexp(static_cast<T>(d_ + 1), &count_exponent);
            halvings = x_exponent + theta_exponent + count_exponent;
        }
        T best = value;
        T factor = T(1);
        for (int k = 1; k <= halvings; ++k) {
            const T shrunk = std::ldexp(T(1), -k);
            trial_weights_ = shrunk * w;
            const T v = R::template loss_sum<L>(nullptr, x_, t_, trial_weights_, shrunk * b, scratch_.z) +
                        penalty(trial_weights_);
            if (v < best || !std::isfinite(best)) {
                best = v;
                factor = shrunk;
            } else if (L == Loss::cross_entropy) {
                break; // convex along the ray: past its lowest point
            }
        }
        if (!std::isfinite(best)) {
            fail_fit("the objective at the start", 0);
        }
        trial_value_ = best;
        w *= factor;
        b *= factor;
        return factor < T(1);
    }

    /// model: f, ∇f and ∇²f (as H̃) at θ; without `hessian`, f and ∇f (for the report, as they are). With it, held
    /// parameters have ∇f = 0 and H̃'s row and column of the identity, so every step keeps them.
    void model(const Vector &w, T b, std::size_t iteration, bool hessian = true) {
        strict_ = resumable_ = false; // a new model: no step solved for it yet
        // The loss at a trial point taken is known: its logarithms are not taken again.
        R::template add_quadratic<L>(x_, t_, w, b, scale_, scratch_, f_, hessian && !free_,
                                     hessian && free_ ? &diagonal_ : nullptr, // ∇²f's diagonal, for the preconditioner
                                     taken_ ? &trial_loss_ : nullptr);
        taken_ = false;
        if (hessian && free_) {
            R::weights_of(diagonal_).array() += decay_;
        }
        if (options_.l2 > T(0)) {
            f_.value += penalty(w);
            R::weights_of(f_.gradient) += decay_ * w;
            if (!free_) {
                R::weights_of(f_.hessian.diagonal()).array() += decay_ * R::weights_of(scale_).array().square();
            }
        }
        if (!std::isfinite(f_.value)) {
            fail_fit("the objective", iteration);
        }
        if (!f_.gradient.allFinite()) {
            fail_fit("its gradient", iteration);
        }
        if (!(free_ ? diagonal_.allFinite() : f_.hessian.allFinite())) {
            fail_fit("its Hessian", iteration);
        }
        for (Eigen::Index j = 0; hessian && !free_ && j < d_; ++j) {
            if (held_(j)) {
                f_.gradient(j) = T(0);
                f_.hessian.row(j).setZero();
                f_.hessian.col(j).setZero();
                f_.hessian(j, j) = T(1);
            }
        }
    }

    /// separated?: once θ puts every row on its target's side, the rows a certificate puts strictly there, or 0.
    /// θ itself is one without a penalty; the bias alone, when every target is 0 or every one is 1, with any.
    std::size_t separated(const Vector &w, T b) const {
        if (!f_.separated) {
            return 0;
        }
        if (one_class_ != 0) {
            return certify(Vector::Zero(d_), static_cast<T>(one_class_));
        }
        return options_.l2 > T(0) ? 0 : certify(w, b);
    }

    /// step: Δ(τ) for the least τ, true if H̃ + τ·I was positive definite.
    bool newton_step() {
        const bool solved = solve(solver_.least(), loose_forcing);
        resumable_ = free_ && solved;
        step_definite_ = solved && positive_definite();
        return solved;
    }
    /// Whether ∇²f is positive definite on its own, after the last solve (not owing it to τ).
    bool positive_definite() const { return free_ ? cg_.positive_definite() : solver_.positive_definite(); }
    /// The same, for newton_step's solve of the least τ, kept through the line search's solves of larger τ.
    bool step_definite() const { return step_definite_; }
    /// decrement: within the tolerance of a minimum, on a Hessian positive definite by itself (after newton_step).
    /// A Hessian-free step's decrement underestimates the exact one by as much as its residual allows; one that passes
    /// is solved on, to the forcing term tolerance^¼, and must pass again.
    bool within_tolerance() {
        const auto within = [&] {
            return positive_definite() && -f_.gradient.dot(delta()) / T(2) <= options_.tolerance * f_.value;
        };
        return within() && (!free_ || (strict_solve() && within()));
    }

    /// The last full step, at a point within the tolerance: taken, into the trial point, unless it raises f by
    /// more than the tolerance allows (T's rounding of f, or f underflowing to 0, can make the model's gain a loss).
    bool last_step(const Vector &w, T b) {
        const T value = evaluate(w, b, delta());
        return std::isfinite(value) && value <= f_.value + options_.tolerance * f_.value;
    }

    /// search: from Δ(least τ) (`undamped`: it was positive definite), τ grows until Armijo's condition holds; the
    /// step goes into the trial point. False if no τ up to 1/ε² gives one: no step lowers f as far as T can tell.
    bool line_search(const Vector &w, T b, bool undamped) {
        const T most = T(1) / (std::numeric_limits<T>::epsilon() * std::numeric_limits<T>::epsilon());
        T tau = solver_.least();
        for (bool solved = undamped;;) {
            if (solved) {
                const T value = evaluate(w, b, delta());
                if (value < f_.value && value <= f_.value + T(1e-4) * f_.gradient.dot(delta())) { // Armijo
                    return true;
                }
            }
            tau = tau < T(1e-3) ? T(1e-3) : T(10) * tau;
            if (tau > most) {
                return false;
            }
            solved = solve(tau, loose_forcing);
        }
    }

    /// separated?, along the last step: near a direction of no minimum, Newton's step runs out along it, and the rows
    /// it barely moves are those on the separating plane. The step is projected so that it moves none of them (nor a
    /// row of a fractional target), then certified: the rows it puts strictly on their side, or 0.
    std::size_t separating_step() {
        if (options_.l2 > T(0)) { // a direction that moves the weights raises the penalty: only the bias's can serve
            return one_class_ != 0 ? certify(Vector::Zero(d_), static_cast<T>(one_class_)) : 0;
        }
        // A Hessian-free step is Newton's own only when solved closely, and of the least τ.
        if (free_ && !strict_ && !strict_solve()) { // (once: within_tolerance may have)
            return 0;
        }
        const Params &delta = this->delta();
        Eigen::Matrix<T, Eigen::Dynamic, 1> margin(n_);
        R::for_each_product(nullptr, x_, R::weights_of(delta).eval(), margin, true,
                            [&](const auto &, Eigen::Index first, auto &p) {
                                for (Eigen::Index i = 0; i < p.size(); ++i) {
                                    p(i) = side(first + i) * (p(i) + delta(d_));
                                }
                            });
        const T largest = margin.maxCoeff();
        // Running out along such a direction, Δ moves no row of target 0 or 1 to its wrong side by more than
        // rounding: a step near an ordinary minimum does, and is no candidate.
        if (!(largest > T(0)) || (margin.array() < T(-1e-3) * largest).any()) {
            return 0;
        }
        std::vector<Eigen::Index> plane; // the rows Δ barely moves
        for (Eigen::Index i = 0; i < n_; ++i) {
            if (fractional(i) || margin(i) <= T(1e-3) * largest) {
                plane.push_back(i);
            }
        }
        Eigen::Matrix<T, Eigen::Dynamic, 1> v = delta; // (a fixed size of 3 floats: g++ 12 warns falsely of packets)
        // v ← v less its part in the span of the plane's rows x̃_i: then v moves none of them. Twice, which leaves
        // only the rounding of the last (Kahan's "twice is enough").
        // Exactly, by a QR of the (D + 1) × rows matrix where that takes no more memory than the rows' values
        // would; by conjugate gradients where Hessian-free steps would otherwise form a matrix larger than that.
        const bool by_qr = (d_ + 1) * static_cast<Eigen::Index>(plane.size()) <= 16 * (n_ + d_ + 1);
        if (!plane.empty() && free_ &&
            !by_qr) { // in S's units, where the columns have length 1: v = S·u, u ← u − (A·S)ᵀy
            for (int pass = 0; pass < 2; ++pass) {
                v -= scale_.cwiseProduct(scaled_rows_transposed_times(plane, plane_projection(plane, v)));
            }
        } else if (!plane.empty()) {
            Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> rows(d_ + 1, static_cast<Eigen::Index>(plane.size()));
            for (std::size_t k = 0; k < plane.size(); ++k) {
                rows.col(static_cast<Eigen::Index>(k)) << R::rows_of(x_, plane[k], 1).transpose(), T(1);
            }
            project_off_columns(std::move(rows), v);
        }
        return certify(R::weights_of(v), v(d_));
    }

    /// Checks a direction v = (v_w, v_b) on every row: m_i = (2t_i − 1)·(x_i·v_w + v_b) ≥ 0 where t_i is 0 or 1,
    /// m_i = 0 where it is fractional. Then no row's loss rises along v, so f(θ + s·v) ≤ f(θ) for every θ and s > 0,
    /// and each row with m_i > 0 makes that strict: no θ is a minimum. "0" is a band as wide as T can tell apart: v
    /// known to ε·‖S⁻¹v‖∞ in each component's units s_j, and the product's rounding, 4·(D + 2)·ε·‖S⁻¹v‖∞·Σ_j
    /// |x̃_ij|·s_j. Returns the count of rows beyond the band on their side; 0 if v is no certificate.
    template <class DW> std::size_t certify(const Eigen::MatrixBase<DW> &v_w, T v_b) const {
        using std::abs;
        const Vector w = v_w;
        const Vector s_w = R::weights_of(scale_);
        const T size = std::max(w.cwiseQuotient(s_w).cwiseAbs().maxCoeff(), abs(v_b / scale_(d_))); // ‖S⁻¹v‖∞
        const T band = T(4) * static_cast<T>(d_ + 2) * std::numeric_limits<T>::epsilon() * size;
        std::size_t strict = 0;
        bool holds = true;
        const Eigen::Matrix<T, Eigen::Dynamic, 1> reach = x_.cwiseAbs() * s_w; // Σ_j |x_ij|·s_j
        Eigen::Matrix<T, Eigen::Dynamic, 1> z;
        R::for_each_product(nullptr, x_, w, z, false, [&](const auto &, Eigen::Index first, const auto &p) {
            for (Eigen::Index i = 0; holds && i < p.size(); ++i) {
                const T m = side(first + i) * (p(i) + v_b);
                const T zero = band * (reach(first + i) + scale_(d_));
                holds = fractional(first + i) ? abs(p(i) + v_b) <= zero : m >= -zero;
                strict += m > zero ? 1 : 0;
            }
        });
        return holds ? strict : 0;
    }

    /// The report of a fit of no steps: the objective alone, its gradient not computed (NaN).
    FitResult<T> objective_only(const Vector &w, T b) {
        const T value = R::template loss_sum<L>(nullptr, x_, t_, w, b, scratch_.z) + penalty(w);
        if (!std::isfinite(value)) {
            fail_fit("the objective", 0);
        }
        return FitResult<T>{FitStatus::max_iterations, 0, value, std::numeric_limits<T>::quiet_NaN(), 0, held_};
    }

    /// The report: f and ∇f at the θ returned.
    FitResult<T> result(FitStatus status, std::size_t iterations, const Vector &w, T b, std::size_t separated_rows) {
        model(w, b, iterations, false);
        return FitResult<T>{status, iterations, f_.value, f_.gradient.cwiseAbs().maxCoeff(), separated_rows, held_};
    }

  private:
    using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    /// A·S·u for A the rows x̃_i of `plane`: (x_i·(S·u)_w + (S·u)_b) for each, from one product over every row.
    Column scaled_rows_times(const std::vector<Eigen::Index> &plane, const Column &u) const {
        const Column su = scale_.cwiseProduct(u);
        Column z(n_);
        R::for_each_product(nullptr, x_, Vector(R::weights_of(su)), z, true,
                            [&](const auto &, Eigen::Index, auto &) {});
        Column out(static_cast<Eigen::Index>(plane.size()));
        for (std::size_t k = 0; k < plane.size(); ++k) {
            out(static_cast<Eigen::Index>(k)) = z(plane[k]) + su(d_);
        }
        return out;
    }
    /// (A·S)ᵀ·y: S·Σ y_k·x̃_k over the plane's rows.
    Column scaled_rows_transposed_times(const std::vector<Eigen::Index> &plane, const Column &y) const {
        Column full = Column::Zero(n_);
        for (std::size_t k = 0; k < plane.size(); ++k) {
            full(plane[k]) = y(static_cast<Eigen::Index>(k));
        }
        Column out(d_ + 1);
        R::weights_of(out) = x_.transpose() * full;
        out(d_) = y.sum();
        return scale_.cwiseProduct(out);
    }
    /// The y of least norm with (Ã·Ãᵀ)·y = Ã·S⁻¹v, Ã = A·S, by conjugate gradients (the system is consistent, and CG
    /// keeps y in the range of Ã), so that Ãᵀy is S⁻¹v's part in the span of Ã's rows; no D × rows matrix is formed.
    Column plane_projection(const std::vector<Eigen::Index> &plane, const Column &v) const {
        const auto m = static_cast<Eigen::Index>(plane.size());
        Column y = Column::Zero(m);
        Column r = scaled_rows_times(plane, v.cwiseQuotient(scale_));
        Column p = r;
        T rr = r.squaredNorm();
        const T small = std::numeric_limits<T>::epsilon() * std::numeric_limits<T>::epsilon() * rr;
        for (Eigen::Index k = 0; k < 2 * m + 10 && rr > small; ++k) {
            const Column q = scaled_rows_times(plane, scaled_rows_transposed_times(plane, p)); // Ã·Ãᵀ·p
            const T curvature = p.dot(q);
            if (!(curvature > T(0))) {
                break;
            }
            const T alpha = rr / curvature;
            y += alpha * p;
            r -= alpha * q;
            const T next = r.squaredNorm();
            p = r + (next / rr) * p;
            rr = next;
        }
        return y;
    }
    /// FitMethod::automatic's choice (measured in docs/benchmarks.md, issue 27): Hessian-free for 32 inputs or more,
    /// where its steps, O(n·D) a product, cost less than forming and factorising ∇²f, O(n·D² + D³), but factorised
    /// without a penalty up to 1,024 inputs, to find aliased columns as R's glm does; and Hessian-free for sparse
    /// column-major data, whose blocks of rows the factorised steps would each find by a pass over every column.
    static bool hessian_free(const X &x, const FitOptions<T> &options) {
        const bool wide = x.cols() >= 32 && (options.l2 > T(0) || x.cols() > 1024);
        bool by_columns = false;
        if constexpr (is_sparse<X>) {
            by_columns = !X::IsRowMajor;
        }
        return options.method == FitMethod::hessian_free ||
               (options.method == FitMethod::automatic && (wide || by_columns));
    }
    /// The Hessian-free steps' forcing term: CG stops at a residual of a tenth of the gradient (as LIBLINEAR's TRON
    /// did; measured against √ and linear forcing sequences in docs/benchmarks.md, issue 27).
    static constexpr T loose_forcing = T(0.1);
    /// ... and to tolerance^¼ for a step whose decrement or direction is to be trusted.
    T strict_forcing() const {
        using std::sqrt;
        return std::min(loose_forcing, sqrt(sqrt(options_.tolerance)));
    }
    /// Δ(τ) by the method chosen, a Hessian-free one to the forcing term η; false if H̃ + τ·I is not positive
    /// definite or Δ is not finite.
    bool solve(T tau, T forcing) {
        strict_ = false;
        resumable_ = false;
        if (!free_) {
            return solver_.solve(f_.hessian, f_.gradient, tau);
        }
        return cg_.solve(times(), diagonal_, f_.gradient, tau, forcing);
    }
    /// ∇²f·v = X̃ᵀ·C·(X̃·v) + 2n·l2·(v_w, 0), for conjugate gradients.
    auto times() {
        return [this](const Params &v, Params &out) {
            trial_weights_ = R::weights_of(v);
            out.setZero();
            R::add_hessian_product(x_, scratch_.c, trial_weights_, v(d_), scratch_.z, out);
            R::weights_of(out) += decay_ * trial_weights_;
        };
    }
    /// The Hessian-free step at the least τ solved to strict_forcing, remembered for the current model: newton_step's
    /// solve carried on, if it was the last.
    bool strict_solve() {
        strict_ = resumable_ ? cg_.resume(times(), strict_forcing()) : solve(solver_.least(), strict_forcing());
        resumable_ = strict_;
        return strict_;
    }
    const Params &delta() const { return free_ ? cg_.delta() : solver_.delta(); }
    /// 2t_i − 1 for a target of 0 or 1, 0 for a fractional one.
    T side(Eigen::Index i) const { return t_(i) >= T(1) ? T(1) : t_(i) <= T(0) ? T(-1) : T(0); }
    bool fractional(Eigen::Index i) const { return t_(i) > T(0) && t_(i) < T(1); }
    T penalty(const Vector &w) const { return R::penalty(n_, options_.l2, w); }
    /// f(θ + Δ), also kept as the trial point: ∞ or NaN where it overflows, which no test accepts.
    T evaluate(const Vector &w, T b, const Params &delta) {
        trial_weights_ = w + R::weights_of(delta);
        trial_bias_ = b + delta(d_);
        trial_loss_ = R::template loss_sum<L>(nullptr, x_, t_, trial_weights_, trial_bias_, scratch_.z);
        trial_value_ = trial_loss_ + penalty(trial_weights_);
        return trial_value_;
    }
    [[noreturn]] static void fail_fit(const char *what, std::size_t iteration) {
        fail_not_finite("Neuron::fit", what, iteration);
    }
};

} // namespace detail

template <class T, int Inputs>
template <Loss L, class DS, class OnIteration>
FitResult<T> Neuron<T, Inputs>::fit_loop(const DS &samples, const detail::TargetRef<T> &t, const FitOptions<T> &options,
                                         OnIteration &on_iteration) {
    const detail::Stored<DS> x = samples;
    detail::Newton<T, Inputs, L, std::decay_t<decltype(x)>> newton(x, t, options);
    Neuron at = *this; // θ, a working copy: the neuron takes it unless a callback throws
    std::size_t steps = 0;
    const auto end = [&](FitStatus status, std::size_t separated_rows = 0) {
        FitResult<T> result = newton.result(status, steps, at.weights_, at.bias_, separated_rows);
        *this = at;
        return result;
    };
    // Each step goes to the callback, with the neuron it reached: false stops the fit.
    const auto step_taken = [&](T value) { return detail::keep_going(on_iteration, steps++, value, at); };
    // A fit that ends short of a minimum asks first whether its last step runs out along a direction of no minimum.
    const auto short_of_minimum = [&](FitStatus status) {
        const std::size_t rows = newton.separating_step();
        return rows > 0 ? end(FitStatus::no_minimum, rows) : end(status);
    };

    if (options.max_iterations == 0) {
        return newton.objective_only(at.weights_, at.bias_);
    }
    newton.hold_aliased(at.weights_);
    if (newton.shrink(at.weights_, at.bias_) && !step_taken(newton.trial_value())) {
        return end(FitStatus::stopped);
    }
    for (;;) {
        newton.model(at.weights_, at.bias_, steps);
        if (const std::size_t rows = newton.separated(at.weights_, at.bias_)) {
            return end(FitStatus::no_minimum, rows);
        }
        const bool undamped = newton.newton_step();
        if (undamped && newton.within_tolerance()) {
            if (const std::size_t rows = newton.separating_step()) {
                return end(FitStatus::no_minimum, rows);
            }
            if (newton.last_step(at.weights_, at.bias_)) {
                newton.take_trial(at.weights_, at.bias_);
                if (!step_taken(newton.trial_value())) {
                    return end(FitStatus::stopped);
                }
            }
            return end(FitStatus::converged);
        }
        if (steps == options.max_iterations) {
            return short_of_minimum(FitStatus::max_iterations);
        }
        if (!newton.line_search(at.weights_, at.bias_, undamped)) {
            // Where ∇²f is positive definite on its own, a step that T cannot tell from none ends at the minimum
            // as closely as T can hold it; elsewhere (a plateau, a saddle) the fit has stalled.
            return short_of_minimum(newton.step_definite() ? FitStatus::converged : FitStatus::stalled);
        }
        newton.take_trial(at.weights_, at.bias_);
        if (!step_taken(newton.trial_value())) {
            return end(FitStatus::stopped);
        }
    }
}

template <class T, int Inputs>
template <class DS>
Summary<T> Neuron<T, Inputs>::summary_checked(const DS &samples, const detail::TargetRef<T> &t) const {
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using Column = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using std::log;
    using std::sqrt;
    constexpr const char *where = "Neuron::summary";
    const detail::Stored<DS> x = samples;
    const Eigen::Index n = x.rows();
    const Eigen::Index d = inputs();
    // One pass: the cross-entropy, and the triangular factors of X̃·S and of C^½·X̃·S, whose RᵀR is the Hessian
    // S·X̃ᵀ·C·X̃·S, c_i = σ(z_i)·σ(−z_i); their columns in R's order, the bias first, and of length 1 in X̃·S
    // (section 5's S), so that no square overflows.
    const Column scale = detail::column_scales<Column>(x);
    detail::StackedQR<T> plain(d + 1);
    detail::StackedQR<T> weighted(d + 1);
    // The rows, gathered from the pass's parts (as few as 16 rows each) into blocks of qr_block_rows: a QR per block
    Matrix rows(std::max<Eigen::Index>(1, std::min(detail::qr_block_rows(d + 1, sizeof(T)), n)), d + 1);
    Column root_c(rows.rows());
    Eigen::Index filled = 0;
    const auto add_rows = [&] {
        plain.add(rows.topRows(filled));
        weighted.add(root_c.head(filled).asDiagonal() * rows.topRows(filled));
        filled = 0;
    };
    Column z;
    T cross_entropy = T(0);
    Rows::for_each_product(where, x, weights_, z, false, [&](const auto &part, Eigen::Index first, const auto &p) {
        for (Eigen::Index k = 0, m = 0; k < p.size(); k += m) {
            m = std::min(rows.rows() - filled, p.size() - k);
            rows.middleRows(filled, m) << Column::Constant(m, scale(d)),
                Rows::rows_of(part, k, m) * scale.head(d).asDiagonal();
            for (Eigen::Index i = 0; i < m; ++i) {
                const T z_i = p(k + i) + bias_;
                const detail::SigmoidPair<T> s = detail::sigmoid_pair(z_i);
                cross_entropy += detail::loss_value<Loss::cross_entropy>(z_i, t(first + k + i));
                root_c(filled + i) = sqrt(s.value * s.complement);
            }
            filled += m;
            if (filled == rows.rows()) {
                add_rows();
            }
        }
    });
    if (filled > 0) {
        add_rows();
    }
    if (!(std::isfinite(cross_entropy) && plain.r().allFinite() && weighted.r().allFinite())) {
        detail::fail_not_finite(where, "the deviance or the Hessian", ~std::size_t{0});
    }
    // θ's index (the inputs, then the bias) of column j in R's order
    const auto parameter = [d](Eigen::Index j) { return j == 0 ? d : j - 1; };
    const auto dependent = detail::dependent_columns<T>(plain.r(), detail::aliasing_tolerance<T>());
    Summary<T> s;
    s.aliased = ParameterFlags(d + 1);
    Matrix kept(d + 1, d + 1 - dependent.count()); // the Hessian's factor, aliased columns left out
    for (Eigen::Index j = 0, k = 0; j <= d; ++j) {
        s.aliased(parameter(j)) = dependent(j);
        if (!dependent(j)) {
            kept.col(k++) = weighted.r().col(j);
        }
    }
    s.rank = kept.cols();
    Matrix factor;
    const auto singular = detail::dependent_columns<T>(kept, detail::aliasing_tolerance<T>(), &factor);
    for (Eigen::Index k = 0, j = 0; k < s.rank; ++j) {
        if (dependent(j)) {
            continue;
        }
        if (singular(k++)) {
            detail::fail_singular<T>(parameter(j), d);
        }
    }
    // (X̃ᵀCX̃)⁻¹ = S·R⁻¹·R⁻ᵀ·S, so parameter k's standard error is s_k × the length of row k of R⁻¹, R⁻ᵀ·e_k
    s.estimate = Column(d + 1);
    s.estimate << weights_, bias_;
    s.standard_error = Column::Constant(d + 1, std::numeric_limits<T>::quiet_NaN());
    for (Eigen::Index j = 0, k = 0; j <= d; ++j) {
        if (!dependent(j)) {
            Column row = Column::Unit(s.rank, k++);
            detail::solve_upper_transposed(factor, row);
            s.standard_error(parameter(j)) = scale(parameter(j)) * row.norm();
        }
    }
    s.z_value = s.estimate.cwiseQuotient(s.standard_error);
    s.p_value = s.z_value.unaryExpr([](T z_j) {
        using std::abs;
        using std::erfc;
        return erfc(abs(z_j) / sqrt(T(2))); // 2·Φ(−|z|)
    });
    // The deviances: 2 × the cross-entropy, of this neuron and of the best bias alone, σ(b) = t̄, whose
    // cross-entropy is −n·[t̄·log t̄ + (1 − t̄)·log(1 − t̄)] (a term of 0 where its weight is 0).
    const T mean = t.mean();
    const auto entropy_term = [](T weight, T p) { return weight > T(0) ? weight * log(p) : T(0); };
    s.deviance = T(2) * cross_entropy;
    s.null_deviance = T(-2) * static_cast<T>(n) * (entropy_term(mean, mean) + entropy_term(T(1) - mean, T(1) - mean));
    s.aic = s.deviance + T(2) * static_cast<T>(s.rank);
    return s;
}

// === 6. Machinery: errors and messages, checks, randomness, sums over rows, save and load ===
namespace detail {

template <class T> constexpr const char *scalar_name() {
    return std::is_same<T, float>::value ? "float" : std::is_same<T, double>::value ? "double" : "long-double";
}

/// Gives put(c) each character of `text`.
template <class Put> void write_text(const char *text, Put &&put) {
    for (; *text != '\0'; ++text) {
        put(*text);
    }
}

/// Gives put(c) the decimal digits of a whole number, after a '-' if it is negative.
template <class N, class Put> void write_whole(N n, Put &&put) {
    using U = std::make_unsigned_t<N>;
    auto magnitude = static_cast<U>(n);
    if constexpr (std::is_signed<N>::value) {
        if (n < 0) {
            put('-');
            magnitude = static_cast<U>(U{0} - magnitude); // |n|, even for the most negative N
        }
    }
    char digits[std::numeric_limits<U>::digits10 + 1];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + magnitude % 10U);
        magnitude /= 10U;
    } while (magnitude != 0);
    while (count > 0) {
        put(digits[--count]);
    }
}

/// Gives put(c) the exact hexadecimal text of a finite value, -0x1.8p-1 for −0.75: a leading 1 and the rest of the
/// mantissa in hexadecimal digits, then the power of 2 (C's %a for normal floats and doubles).
/// frexp, ×16 and taking off the integer part are all exact in binary floating point.
template <class T, class Put> void write_hex(T value, Put &&put) {
    using std::abs;
    write_text(std::signbit(value) ? "-0x" : "0x", put);
    if (std::fpclassify(value) == FP_ZERO) {
        write_text("0p+0", put);
        return;
    }
    int exponent = 0;
    T fraction = std::frexp(abs(value), &exponent) * T(2) - T(1); // |value| = (1 + f)·2^(e − 1), f in [0, 1)
    write_text(fraction > T(0) ? "1." : "1", put);
    for (; fraction > T(0); fraction -= std::floor(fraction)) {
        fraction *= T(16);
        put("0123456789abcdef"[static_cast<int>(fraction)]);
    }
    write_text(exponent < 1 ? "p-" : "p+", put);
    write_whole(exponent < 1 ? 1 - exponent : exponent - 1, put);
}

#if TINYNEURON_DETAIL_EXCEPTIONS
/// A value in decimal: the shortest of digits10 and max_digits10 significant digits that reads back the same.
template <class T> std::string number(T value) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.precision(std::numeric_limits<T>::digits10);
    out << value;
    std::istringstream back(out.str());
    back.imbue(std::locale::classic());
    T parsed{};
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wfloat-equal" // reading back exactly the same value is what is asked
#endif
    const bool reads_back = (back >> parsed) && parsed == value;
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
    if (std::isfinite(value) && !reads_back) {
        out.str("");
        out.precision(std::numeric_limits<T>::max_digits10);
        out << value;
    }
    return out.str();
}
#endif

/// The text of a refusal, made only once a call is refused: "tinyneuron::<where>: " and then the parts given
/// with <<: text, whole numbers, and values of T.
/// - With exceptions, the exception's what(): a std::string, a value in decimal (0.1f is 0.1).
/// - Without, what TINYNEURON_ON_ERROR receives: a buffer on the stack, cut at 255 bytes, a value in exact
///   hexadecimal (0.1f is 0x1.99999ap-4; NaN and ∞ are nan, inf, -inf). So a firmware links no stream, locale,
///   heap or decimal conversion for its messages.
class Message {
  public:
    explicit Message(const char *where) { *this << "tinyneuron::" << where << ": "; }
    Message &operator<<(const char *text) {
        write_text(text, [this](char c) { put(c); });
        return *this;
    }
    Message &operator<<(const std::string &text) { return *this << text.c_str(); }
    /// A whole number (not a bool or a char, which would read as text).
    template <class N, std::enable_if_t<std::is_integral<N>::value && !std::is_same<N, bool>::value &&
                                            !std::is_same<N, char>::value,
                                        int> = 0>
    Message &operator<<(N n) {
        write_whole(n, [this](char c) { put(c); });
        return *this;
    }
    template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0> Message &operator<<(T value) {
#if TINYNEURON_DETAIL_EXCEPTIONS
        text_ += number(value);
#else
        if (std::isfinite(value)) {
            write_hex(value, [this](char c) { put(c); });
        } else {
            *this << (std::isnan(value) ? "nan" : value < T(0) ? "-inf" : "inf");
        }
#endif
        return *this;
    }
#if TINYNEURON_DETAIL_EXCEPTIONS
    const std::string &str() const noexcept { return text_; }
    const char *c_str() const noexcept { return text_.c_str(); }

  private:
    void put(char c) { text_ += c; }
    std::string text_;
#else
    const char *c_str() const noexcept { return text_; }

  private:
    void put(char c) noexcept {
        if (size_ + 1 < sizeof(text_)) {
            text_[size_++] = c;
        }
    }
    char text_[256] = {};
    std::size_t size_ = 0;
#endif
};

/// Refuses a call: throws Error(message, extra...). Built without exceptions: gives the message to
/// TINYNEURON_ON_ERROR(message) if defined (it must not return), else writes it and a newline to stderr, then aborts.
template <class Error, class... Extra>
[[noreturn]] void raise(const Message &message, [[maybe_unused]] Extra... extra) {
#if TINYNEURON_DETAIL_EXCEPTIONS
    throw Error(message.str(), extra...);
#else
#if defined(TINYNEURON_ON_ERROR)
    TINYNEURON_ON_ERROR(message.c_str());
#else
    std::fputs(message.c_str(), stderr);
    std::fputs("\n", stderr);
#endif
    std::abort();
#endif
}

[[noreturn]] inline void fail(const Message &message) { raise<std::invalid_argument>(message); }

/// Finite inputs and weights whose products overflow to +∞ and −∞ at once: no prediction exists.
/// "<what> overflowed ...", or "<what> <row> overflowed ..." given a row.
[[noreturn]] inline void fail_overflow(const char *where, const char *what, Eigen::Index row) {
    Message message(where);
    message << what;
    if (row >= 0) {
        message << " " << row;
    }
    raise<std::overflow_error>(message << " overflowed to inf - inf (NaN); scale the inputs or the weights down");
}

/// Refuses the call unless `ok`: "tinyneuron::<where>: <what> is <value>, expected <expected>".
template <class V> void require(bool ok, const char *where, const char *what, V value, const char *expected) {
    if (!ok) {
        fail(Message(where) << what << " is " << value << ", expected " << expected);
    }
}

/// Refuses a count other than `expected`: "<what> <n> <unit>, expected <expected><why>".
inline void require_count(Eigen::Index n, Eigen::Index expected, const char *where, const char *what, const char *unit,
                          const char *why = "") {
    if (n != expected) {
        fail(Message(where) << what << " " << n << " " << unit << ", expected " << expected << why);
    }
}

/// Refuses `m` unless every coefficient is finite, naming the first one that is not: "<what>[i]" of a vector,
/// "<what> at row r, column c" of a matrix.
template <class D> void require_finite(const Eigen::MatrixBase<D> &m, const char *where, const char *what) {
    for (Eigen::Index c = 0; c < m.cols() && !m.allFinite(); ++c) {
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            if (!std::isfinite(m(r, c))) {
                Message message(where);
                if (D::IsVectorAtCompileTime) {
                    message << what << "[" << r + c << "]";
                } else {
                    message << what << " at row " << r << ", column " << c;
                }
                fail(message << " is " << m(r, c) << ", expected a finite value");
            }
        }
    }
}

/// Calls f(row, column, value) for every value a sparse matrix stores, in its storage order.
template <class D, class F> void for_each_stored(const D &x, F &&f) {
    for (Eigen::Index outer = 0; outer < x.outerSize(); ++outer) {
        for (typename D::InnerIterator it(x, outer); it; ++it) {
            f(it.row(), it.col(), it.value());
        }
    }
}

/// Whether every value of dense or sparse data is finite.
template <class D> bool all_finite(const D &x) {
    if constexpr (is_sparse<D>) {
        bool finite = true;
        for_each_stored(x, [&](Eigen::Index, Eigen::Index, auto v) { finite = finite && std::isfinite(v); });
        return finite;
    } else {
        return x.allFinite();
    }
}

/// require_finite of samples, dense or sparse: a sparse matrix's first non-finite stored value in the order a dense
/// one's is found (column by column), named as a dense one's.
template <class D> void require_finite_samples(const D &x, const char *where) {
    if constexpr (is_sparse<D>) {
        Eigen::Index row = -1;
        Eigen::Index column = 0;
        typename D::Scalar value = 0;
        for_each_stored(x, [&](Eigen::Index r, Eigen::Index c, auto v) {
            if (!std::isfinite(v) && (row < 0 || c < column || (c == column && r < row))) {
                row = r;
                column = c;
                value = v;
            }
        });
        if (row >= 0) {
            fail(Message(where) << "samples at row " << row << ", column " << column << " is " << value
                                << ", expected a finite value");
        }
    } else {
        require_finite(x, where, "samples");
    }
}

/// The largest |x_ij| of dense or sparse data (0 for a sparse matrix that stores nothing).
template <class D> typename D::Scalar largest_magnitude(const D &x) {
    if constexpr (is_sparse<D>) {
        typename D::Scalar largest = 0;
        for_each_stored(x, [&](Eigen::Index, Eigen::Index, auto v) { largest = std::max(largest, std::abs(v)); });
        return largest;
    } else {
        return x.cwiseAbs().maxCoeff();
    }
}

/// A value that overflowed in fit or summary: "<what> [at iteration <k>] is not finite; ...". `iteration` ~0: none.
[[noreturn]] inline void fail_not_finite(const char *where, const char *what, std::size_t iteration) {
    Message message(where);
    message << what;
    if (iteration != ~std::size_t{0}) {
        message << " at iteration " << iteration;
    }
    raise<std::overflow_error>(message << " is not finite; scale the inputs or the start down");
}

/// summary's Hessian, singular in a parameter that is not aliased (θ's index: the inputs, then the bias).
template <class T> [[noreturn]] void fail_singular(Eigen::Index parameter, Eigen::Index inputs) {
    Message message("Neuron::summary");
    message << "the Hessian is singular at these parameters: ";
    if (parameter == inputs) {
        message << "the bias";
    } else {
        message << "weights[" << parameter << "]";
    }
    fail(message << " is not determined by the rows whose prediction is neither 0 nor 1 in " << scalar_name<T>()
                 << " (rows saturated far from the minimum, or no minimum exists)");
}

template <class T> [[noreturn]] void diverged(const char *where, std::size_t iteration, T rate, const char *what) {
    raise<DivergenceError>(Message(where) << "diverged at iteration " << iteration << " with learning rate " << rate
                                          << ": " << what << " stopped being finite; try a smaller learning rate",
                           iteration);
}

// --- argument checks: every public member calls one of these before it changes anything ------

template <class T, int Inputs> struct Check {
    using Vector = Eigen::Matrix<T, Inputs, 1>;
    static void inputs(const char *where, Eigen::Index n) {
        require(n >= 1, where, "inputs", n, "at least 1");
        if (Inputs != Eigen::Dynamic && n != Inputs) {
            fail(Message(where) << "inputs is " << n << ", expected " << Inputs << " for this fixed-size Neuron");
        }
    }
    static void parameters(const char *where, const Vector &weights, T bias) {
        if (weights.size() < 1) {
            fail(Message(where) << "weights have 0 values, expected at least 1");
        }
        require_finite(weights, where, "weights");
        require(std::isfinite(bias), where, "bias", bias, "a finite value");
    }
    /// hessian_product's direction v.
    template <class G> static void direction(const char *where, Eigen::Index n, const G &v) {
        require_count(v.weights.size(), n, where, "direction has", "weights");
        require_finite(v.weights, where, "direction weights");
        require(std::isfinite(v.bias), where, "direction bias", v.bias, "a finite value");
    }
    template <class G> static void update(const char *where, Eigen::Index n, const G &g, T rate) {
        require_count(g.weights.size(), n, where, "gradients have", "weights");
        require_finite(g.weights, where, "gradient weights");
        require(std::isfinite(g.bias), where, "gradient bias", g.bias, "a finite value");
        Check::rate(where, rate);
    }
    /// One sample: its size and values, and the target and loss that gradients takes with it.
    template <class D>
    static void sample(const char *where, Eigen::Index n, const Eigen::MatrixBase<D> &x, T target = T(0),
                       Loss loss = Loss::squared_error) {
        require_count(x.size(), n, where, "input has", "values");
        require_finite(x, where, "input");
        require(target >= T(0) && target <= T(1), where, "target", target, "a value in [0, 1]");
        Check::loss(where, loss);
    }
    /// Samples, one per row: their shape. Their values are checked through their products w·x_i.
    template <class DS> static void samples(const char *where, Eigen::Index n, const Eigen::EigenBase<DS> &samples) {
        require_count(samples.cols(), n, where, "samples have", "columns", " (one per input, one sample per row)");
        if (samples.rows() == 0) {
            fail(Message(where) << "samples have 0 rows, expected at least 1");
        }
    }
    /// Samples with their targets, one per row (and their values unless `target_values` is false), and the loss.
    template <class DS, class DT>
    static void samples(const char *where, Eigen::Index n, const Eigen::EigenBase<DS> &samples,
                        const Eigen::MatrixBase<DT> &targets, Loss loss, bool target_values = true) {
        Check::samples(where, n, samples);
        require_count(targets.size(), samples.rows(), where, "targets have", "values", " (one per row of samples)");
        if (target_values) {
            Check::targets(where, targets);
        }
        Check::loss(where, loss);
    }
    template <class DT> static void targets(const char *where, const Eigen::MatrixBase<DT> &t) {
        for (Eigen::Index i = 0; i < t.size(); ++i) {
            if (!(t(i) >= T(0) && t(i) <= T(1))) {
                fail(Message(where) << "targets[" << i << "] is " << t(i) << ", expected a value in [0, 1]");
            }
        }
    }
    /// What train and fit take: the samples, scanned in full up front, their targets, and the options.
    template <class DS, class DT, class Options>
    static void training(const char *where, Eigen::Index n, const Eigen::EigenBase<DS> &samples,
                         const Eigen::MatrixBase<DT> &targets, const Options &o) {
        Check::samples(where, n, samples, targets, Loss::squared_error);
        require_finite_samples(samples.derived(), where);
        Check::options(where, o);
    }
    static void options(const char *where, const TrainOptions<T> &o) {
        Check::rate(where, o.learning_rate);
        require(o.record_every != 0, where, "record_every", o.record_every, "at least 1");
        Check::loss(where, o.loss);
        Check::l2(where, o.l2);
    }
    static void options(const char *where, const FitOptions<T> &o) {
        Check::loss(where, o.loss);
        Check::l2(where, o.l2);
        require(std::isfinite(o.tolerance) && o.tolerance > T(0), where, "tolerance", o.tolerance,
                "a finite value > 0");
        require(o.method == FitMethod::automatic || o.method == FitMethod::factorised ||
                    o.method == FitMethod::hessian_free,
                where, "method", static_cast<int>(o.method),
                "FitMethod::automatic, FitMethod::factorised or FitMethod::hessian_free");
    }
    static void l2(const char *where, T l2) {
        require(std::isfinite(l2) && l2 >= T(0), where, "l2", l2, "a finite value >= 0");
    }
    /// The parameters after a step of update.
    static void step_result(const char *where, const Vector &weights, T bias, T rate) {
        if (!(std::isfinite(bias) && weights.allFinite())) {
            fail(Message(where) << "the step with learning rate " << rate << " makes the parameters non-finite");
        }
    }
    static void rate(const char *where, T r) {
        require(std::isfinite(r) && r > T(0), where, "learning rate", r, "a finite value > 0");
    }
    static void loss(const char *where, Loss loss) {
        require(loss == Loss::squared_error || loss == Loss::cross_entropy, where, "loss", static_cast<int>(loss),
                "Loss::squared_error or Loss::cross_entropy");
    }
    /// z = w·x + b of finite values is NaN only when w·x summed +∞ and −∞.
    static T z(const char *where, T z) {
        if (std::isnan(z)) {
            fail_overflow(where, "w·x + b of the input");
        }
        return z;
    }
};

constexpr int floor_log2(std::uint64_t v) { return v <= 1 ? 0 : 1 + floor_log2(v >> 1); }

/// `U`'s width of uniformly random bits from any UniformRandomBitGenerator. Draws are
/// concatenated, most significant first; an engine whose range is not a power of two has its
/// draws above the largest power of two rejected. A draw wider than needed gives its top bits.
template <class U, class Rng> U random_bits(Rng &rng) {
    using R = typename Rng::result_type;
    static_assert(std::is_unsigned<R>::value && std::numeric_limits<R>::digits <= 64,
                  "tinyneuron: the engine's result_type must be an unsigned type of at most 64 bits");
    constexpr std::uint64_t range = static_cast<std::uint64_t>((Rng::max)() - (Rng::min)());
    static_assert(range >= 1, "tinyneuron: the engine must produce at least two values");
    constexpr bool full = range == ~std::uint64_t{0};
    constexpr int bits = full ? 64 : floor_log2(range + 1);
    constexpr bool power_of_two = full || ((range + 1) & range) == 0;
    constexpr int width = std::numeric_limits<U>::digits;

    U out = 0;
    int have = 0;
    while (have < width) {
        std::uint64_t draw = static_cast<std::uint64_t>(rng() - (Rng::min)());
        if constexpr (!power_of_two) {
            if ((draw >> bits) != 0) {
                continue;
            }
        }
        const int take = bits < width - have ? bits : width - have;
        draw >>= bits - take;
        out = have == 0 ? static_cast<U>(draw) : static_cast<U>((out << take) | draw);
        have += take;
    }
    return out;
}

} // namespace detail

// --- randomness: engine bits -> indices and Gaussians, the same on every standard library ---

/// A uniformly random index in [0, n), without bias, from the raw bits of `rng`.
/// For n < 2^32: Lemire's multiply-shift of 32 random bits, redrawing the few products whose
/// low half falls below (2^32 - n) mod n. Larger n: 64 bits, rejection, then modulo.
/// Throws std::invalid_argument when n is 0.
template <class Rng> std::size_t uniform_index(Rng &rng, std::size_t n) {
    if (n == 0) {
        detail::fail(detail::Message("uniform_index") << "n is 0, expected at least 1");
    }
    const std::uint64_t wide = n; // no cast: std::size_t has at most 64 bits
    if (wide <= 0xFFFFFFFFu) {
        const auto bound = static_cast<std::uint32_t>(wide);
        std::uint64_t product = std::uint64_t{detail::random_bits<std::uint32_t>(rng)} * bound;
        auto low = static_cast<std::uint32_t>(product);
        if (low < bound) {
            const std::uint32_t threshold = (std::uint32_t{0} - bound) % bound;
            while (low < threshold) {
                product = std::uint64_t{detail::random_bits<std::uint32_t>(rng)} * bound;
                low = static_cast<std::uint32_t>(product);
            }
        }
        return static_cast<std::uint32_t>(product >> 32); // its high half, < n
    }
    // n >= 2^32, so std::size_t has 64 bits: the draws are made in it, with no cast.
    const std::size_t threshold = (std::size_t{0} - n) % n;
    std::size_t draw = 0;
    do {
        draw = detail::random_bits<std::size_t>(rng);
    } while (draw < threshold);
    return draw % n;
}

/// A standard normal draw (mean 0, variance 1), like NumPy's `randn`, computed in double.
/// Marsaglia's polar method: two uniforms u, v in [-1, 1) with s = u² + v² in (0, 1) give
/// u·sqrt(−2 ln s / s). The second Gaussian it yields is discarded, so nothing is cached.
template <class Rng> double standard_normal(Rng &rng) {
    for (;;) {
        // 53 random bits scaled into [0, 1), then mapped onto [-1, 1)
        const double u = 2.0 * static_cast<double>(detail::random_bits<std::uint64_t>(rng) >> 11) * 0x1p-53 - 1.0;
        const double v = 2.0 * static_cast<double>(detail::random_bits<std::uint64_t>(rng) >> 11) * 0x1p-53 - 1.0;
        const double s = u * u + v * v;
        if (s > 0.0 && s < 1.0) {
            return u * std::sqrt(-2.0 * std::log(s) / s);
        }
    }
}

// --- sums over rows: the products w·x_i of all samples, in blocks when large ----------------
namespace detail {

template <class T, int Inputs> struct Rows {
    using Vector = Eigen::Matrix<T, Inputs, 1>;
    using BatchVector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    /// fit's θ = (w, b), and its Hessian: of fixed size for a fixed `Inputs`, on the stack.
    static constexpr int params = Inputs == Eigen::Dynamic ? Eigen::Dynamic : Inputs + 1;
    using Params = Eigen::Matrix<T, params, 1>;
    using Hessian = Eigen::Matrix<T, params, params>;
    /// f, ∇f and ∇²f at one θ, and whether every row is strictly on its target's side there.
    struct Quadratic {
        /// Without `with_hessian` (and a dynamic size) ∇²f has no room: fit's Hessian-free steps never form it.
        Quadratic(Eigen::Index inputs, bool with_hessian)
            : gradient(inputs + 1), hessian(with_hessian || params != Eigen::Dynamic ? inputs + 1 : 0,
                                            with_hessian || params != Eigen::Dynamic ? inputs + 1 : 0) {}
        T value = T(0);
        Params gradient;
        Hessian hessian;
        bool separated = false;
    };
    /// The weights' part of θ, ∇f or a column of ∇²f (all but the last entry), and of ∇²f (the
    /// top-left D × D block): of fixed size for a fixed `Inputs`, where g++ 12 otherwise warns of
    /// packets read past the end of the weights (-Warray-bounds, falsely: the size is checked).
    template <class P> static auto weights_of(P &&p) {
        if constexpr (Inputs == Eigen::Dynamic) {
            return p.head(p.size() - 1);
        } else {
            return p.template head<Inputs>();
        }
    }
    static auto weights_block(Hessian &h) {
        if constexpr (Inputs == Eigen::Dynamic) {
            return h.topLeftCorner(h.rows() - 1, h.cols() - 1);
        } else {
            return h.template topLeftCorner<Inputs, Inputs>();
        }
    }
    /// add_quadratic's buffers, sized on the first pass and reused: z_i, then s_i; c_i; C·X, for a
    /// dynamic size of about 32 KiB of rows, laid out as the samples are (column by column, or row
    /// by row as its transpose) so that it is written in the order the samples are read; for a
    /// fixed size, of all rows.
    struct Scratch {
        BatchVector z, c;
        Eigen::Matrix<T, Eigen::Dynamic, Inputs> weighted;
        Eigen::Matrix<T, Inputs, Eigen::Dynamic> weighted_transposed;
    };
    template <class DS> static constexpr bool stored = (DS::Flags & Eigen::DirectAccessBit) != 0;
    /// A buffer for the products w·x_i of `DS`'s rows: on the stack when their count has a bound at compile time
    /// that is on_stack.
    template <class DS>
    using Products =
        Eigen::Matrix<T, Eigen::Dynamic, 1, Eigen::ColMajor,
                      on_stack<T>(DS::MaxRowsAtCompileTime) ? DS::MaxRowsAtCompileTime : Eigen::Dynamic, 1>;

    /// The L2 term of the objective, rows·l2·‖w‖² (0 without a penalty, even where ‖w‖² overflows).
    static T penalty(Eigen::Index rows, T l2, const Vector &weights) {
        return l2 > T(0) ? static_cast<T>(rows) * l2 * weights.squaredNorm() : T(0);
    }

    /// σ(w·x_i + b) for every row.
    template <class DS>
    static BatchVector predictions(const char *where, const DS &samples, const Vector &weights, T bias) {
        BatchVector out(samples.rows());
        if (in_two_columns(samples)) {
            const T products =
                for_each_z_of_two(samples, weights, bias, [&](Eigen::Index i, T z) { out(i) = sigmoid(z); });
            check_products_by_sum(where, samples, weights, products);
            return out;
        }
        for_each_product(where, samples, weights, out, true, [&](const auto &, Eigen::Index, auto &z) {
            z = (z.array() + bias).unaryExpr([](T v) { return sigmoid(v); }).matrix();
        });
        return out;
    }

    /// Σ loss(z_i, t_i) over the rows, z = samples·w + b, summed in row order (so blocks of rows
    /// give the sum of all rows at once). With `where`, samples and products are checked as in
    /// predict_batch; train checked its samples up front and reports a NaN error as divergence.
    template <Loss L, class DS, class Z>
    static T loss_sum(const char *where, const DS &samples, const TargetRef<T> &targets, const Vector &weights, T bias,
                      Z &z) {
        T sum = T(0);
        if (in_two_columns(samples)) { // one pass, checking on the way what error() left to it
            bool in_range = true;
            const T products = for_each_z_of_two(samples, weights, bias, [&](Eigen::Index i, T z_i) {
                in_range &= targets(i) >= T(0) && targets(i) <= T(1);
                sum += loss_value<L>(z_i, targets(i));
            });
            if (where != nullptr) {
                if (!in_range) {
                    Check<T, Inputs>::targets(where, targets);
                }
                check_products_by_sum(where, samples, weights, products);
            }
            return sum;
        }
        for_each_product(where, samples, weights, z, false,
                         [&](const auto &, Eigen::Index first, const auto &products) {
                             for (Eigen::Index i = 0; i < products.size(); ++i) {
                                 sum += loss_value<L>(products(i) + bias, targets(first + i));
                             }
                         });
        return sum;
    }

    /// loss_sum and add_gradient for a loss known at run time: one branch, then none per row.
    template <class... A> static T loss_sum(Loss loss, A &&...a) {
        return loss == Loss::cross_entropy ? loss_sum<Loss::cross_entropy>(a...) : loss_sum<Loss::squared_error>(a...);
    }
    template <class... A> static void add_gradient(Loss loss, A &&...a) {
        return loss == Loss::cross_entropy ? add_gradient<Loss::cross_entropy>(a...)
                                           : add_gradient<Loss::squared_error>(a...);
    }

    /// Adds Xᵀs to g.weights and Σ s_i to g.bias, with the slopes s_i = dE/dz_i, block by block.
    template <Loss L, class DS, class Z, class G>
    static void add_gradient(const char *where, const DS &samples, const TargetRef<T> &targets, const Vector &weights,
                             T bias, Z &z, G &g) {
        for_each_product(where, samples, weights, z, false, [&](const auto &block, Eigen::Index first, auto &s) {
            for (Eigen::Index i = 0; i < s.size(); ++i) {
                s(i) = loss_slope<L>(s(i) + bias, targets(first + i));
            }
            g.weights.noalias() += block.transpose() * s;
            g.bias += s.sum();
        });
    }

    /// Sets f to Σ E(z_i, t_i), ∇f to X̃ᵀs and ∇²f to S·X̃ᵀ·C·X̃·S, the Hessian in the units of `scale` S (section 5),
    /// block by block, and f.separated: z_i > 0 where t_i = 1 and z_i < 0 where t_i = 0, for every row. C·X̃·S is
    /// formed first, so inputs near T's largest or smallest values do not overflow or underflow in x². Without
    /// `hessian` (where fit ends and needs only f and ∇f, and for Hessian-free steps), ∇²f is left 0 and
    /// scratch.c keeps every row's c_i instead, for hessian_product: ∇²f costs O(n·D²), the rest O(n·D); with
    /// `diagonal`, it is set to X̃ᵀ·C·X̃'s diagonal (Σ c_i·x_ij², then Σ c_i) in the same pass; with `loss`, the
    /// sum already known, f is set to it.
    template <Loss L, class DS>
    static void add_quadratic(const DS &samples, const TargetRef<T> &targets, const Vector &weights, T bias,
                              const Params &scale, Scratch &scratch, Quadratic &f, bool hessian = true,
                              Params *diagonal = nullptr, const T *loss = nullptr) {
        const Eigen::Index d = samples.cols();
        f.value = loss != nullptr ? *loss : T(0);
        f.gradient.setZero();
        f.hessian.setZero();
        f.separated = true;
        if (diagonal != nullptr) {
            diagonal->setZero();
        }
        if (!hessian && scratch.c.size() != samples.rows()) {
            scratch.c.resize(samples.rows());
        }
        const auto terms = [&](T z, T t, T &s, T &c) { // E into f, and s = dE/dz, c = d²E/dz² at z
            using std::abs;
            using std::exp;
            const T e = exp(-abs(z)); // one exponential for E, dE/dz and d²E/dz²
            const SigmoidPair<T> p = sigmoid_pair(z, e);
            if (loss == nullptr) {
                f.value += loss_value<L>(z, e, t);
            }
            f.separated &= t >= T(1) ? z > T(0) : t <= T(0) && z < T(0);
            c = loss_curvature<L>(p, t);
            s = loss_slope<L>(p, t);
        };
        if constexpr (is_sparse<DS> && DS::IsRowMajor) {
            if (!hessian) { // one pass: each row read from memory once, for z_i and for what it adds
                for (Eigen::Index i = 0; i < samples.outerSize(); ++i) {
                    const T z = sparse_row_dot(samples, i, weights, bias);
                    T s = T(0);
                    terms(z, targets(i), s, scratch.c(i));
                    const T c = scratch.c(i);
                    for (typename DS::InnerIterator it(samples, i); it; ++it) {
                        f.gradient(it.index()) += s * it.value();
                        if (diagonal != nullptr) {
                            (*diagonal)(it.index()) += c * it.value() * it.value();
                        }
                    }
                    f.gradient(d) += s;
                    if (diagonal != nullptr) {
                        (*diagonal)(d) += c;
                    }
                }
                return;
            }
        }
        const auto add_block = [&](const auto &block, Eigen::Index first, auto &s) {
            const Eigen::Index n = s.size();
            if (hessian && scratch.c.size() < n) {
                scratch.c.resize(n);
            }
            auto c = scratch.c.segment(hessian ? 0 : first, n);
            for (Eigen::Index i = 0; i < n; ++i) {
                terms(s(i) + bias, targets(first + i), s(i), c(i));
            }
            weights_of(f.gradient).noalias() += block.transpose() * s; // Xᵀs
            f.gradient(d) += s.sum();                                  // 1ᵀs
            if (diagonal != nullptr) {
                weights_of(*diagonal).noalias() += block.cwiseAbs2().transpose() * c; // Σ c_i·x_ij²
                (*diagonal)(d) += c.sum();                                            // Σ c_i
            }
            if (!hessian) {
                return;
            }
            if constexpr (Inputs == Eigen::Dynamic) {
                // XᵀCX in parts of about 32 KiB of rows, its lower half (it is symmetric) by Eigen's
                // triangular product: C·X of a part stays in L1, and the product keeps its buffers on
                // the stack (over all rows it takes them from the heap, page faults at every step).
                const Eigen::Index part = std::max<Eigen::Index>(16, static_cast<Eigen::Index>(32768 / sizeof(T)) / d);
                for (Eigen::Index k = 0, m = 0; k < n; k += m) {
                    m = std::min(part, n - k);
                    const auto rows = rows_of(block, k, m);
                    const auto add_part = [&](auto &&weighted) {
                        weighted.noalias() = c.segment(k, m).asDiagonal() * rows * weights_of(scale).asDiagonal();
                        weights_block(f.hessian).template triangularView<Eigen::Lower>() +=
                            rows.transpose() * weighted;                                      // XᵀCXS
                        weights_of(f.hessian.col(d)) += weighted.colwise().sum().transpose(); // SXᵀC·1
                    };
                    if constexpr (std::decay_t<decltype(block)>::IsRowMajor) {
                        scratch.weighted_transposed.resize(d, part);
                        add_part(scratch.weighted_transposed.leftCols(m).transpose());
                    } else {
                        scratch.weighted.resize(part, d);
                        add_part(scratch.weighted.topRows(m));
                    }
                }
            } else {
                if (scratch.weighted.rows() < n) {
                    scratch.weighted.resize(n, d);
                }
                auto weighted = scratch.weighted.topRows(n);
                weighted.noalias() = c.asDiagonal() * block * weights_of(scale).asDiagonal(); // C·X·S
                weights_block(f.hessian).template triangularView<Eigen::Lower>() +=
                    block.transpose() * weighted;                                     // XᵀCXS, its lower half
                weights_of(f.hessian.col(d)) += weighted.colwise().sum().transpose(); // SXᵀC·1
            }
            f.hessian(d, d) += c.sum(); // 1ᵀC·1
        };
        for_each_product(nullptr, samples, weights, scratch.z, false, add_block);
        if (!hessian) {
            return;
        }
        // S·(XᵀCXS) of the lower half; the bias's row and column scaled by its own s
        weights_block(f.hessian) = weights_of(scale).asDiagonal() * weights_block(f.hessian);
        f.hessian.col(d) *= scale(d);
        f.hessian(d, d) *= scale(d);
        weights_block(f.hessian).template triangularView<Eigen::StrictlyUpper>() =
            weights_block(f.hessian).transpose(); // symmetric
        weights_of(f.hessian.row(d).transpose()) = weights_of(f.hessian.col(d));
    }

    /// Rows first to first + m − 1 of samples: a block of dense ones, a dense copy of sparse ones (for the factorised
    /// steps, whose O(D²) memory they do not add to).
    template <class DS> static auto rows_of(const DS &samples, Eigen::Index first, Eigen::Index m) {
        if constexpr (is_sparse<DS>) {
            using Dense =
                Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, DS::IsRowMajor ? Eigen::RowMajor : Eigen::ColMajor>;
            return Dense(samples.middleRows(first, m));
        } else {
            return samples.middleRows(first, m);
        }
    }

    /// start + x_i·v over the values stored in row i of row-major sparse samples.
    template <class DS, class V> static T sparse_row_dot(const DS &samples, Eigen::Index i, const V &v, T start) {
        for (typename DS::InnerIterator it(samples, i); it; ++it) {
            start += it.value() * v(it.index());
        }
        return start;
    }

    /// Adds the Hessian of Σ E(z_i, t_i) times v = (v_w, v_b) to `out`, given the curvatures c_i of every row:
    /// X̃ᵀ·C·(X̃·v), in one pass over blocks of rows (two products per block), no D × D matrix.
    template <class DS, class C, class DW, class Z, class P>
    static void add_hessian_product(const DS &samples, const C &c, const DW &v_w, T v_b, Z &z, P &out) {
        if constexpr (is_sparse<DS> && DS::IsRowMajor) { // both products in one pass, each row read once from memory
            for (Eigen::Index i = 0; i < samples.outerSize(); ++i) {
                const T product = c(i) * sparse_row_dot(samples, i, v_w, v_b);
                for (typename DS::InnerIterator it(samples, i); it; ++it) {
                    out(it.index()) += product * it.value();
                }
                out(samples.cols()) += product;
            }
            return;
        }
        const auto add_block = [&](const auto &block, Eigen::Index first, auto &p) {
            p = c.segment(first, p.size()).cwiseProduct((p.array() + v_b).matrix()); // C·X̃·v
            weights_of(out).noalias() += block.transpose() * p;                      // Xᵀ·(C·X̃·v)
            out(samples.cols()) += p.sum();                                          // 1ᵀ·(C·X̃·v)
        };
        if constexpr (stored<DS> && !is_sparse<DS>) { // blocks of about 8 KiB, read once from memory for both products
            const Eigen::Index rows =
                std::max<Eigen::Index>(16, static_cast<Eigen::Index>(8192 / sizeof(T)) / samples.cols());
            for (Eigen::Index first = 0; first < samples.rows(); first += rows) {
                const auto block = samples.middleRows(first, std::min(rows, samples.rows() - first));
                if (z.size() < block.rows()) {
                    z.resize(block.rows());
                }
                auto p = z.head(block.rows());
                p.noalias() = block * v_w;
                add_block(block, first, p);
            }
            return;
        }
        for_each_product(nullptr, samples, v_w, z, false, add_block);
    }

    /// Calls f(block, first, products) on consecutive blocks of rows of `samples` (`first`: the
    /// row where the block starts) with their products w·x_i, in `z` from its start, or from
    /// `first` if `in_place` (z then has a value per row). With `where`, bad samples and
    /// products are refused. Samples over 32 MiB come in blocks of about 8 KiB, read in order
    /// (Eigen's product reads 8 rows at a time, slow from main memory); blocks of a multiple of
    /// 16 rows, none of one row, keep the rounding of one product over all rows.
    template <class DS, class Z, class F>
    static void for_each_product(const char *where, const DS &samples, const Vector &weights, Z &z, bool in_place,
                                 F &&f) {
        const auto visit = [&](const auto &block, Eigen::Index first) {
            const Eigen::Index n = block.rows();
            if (!in_place && z.size() < n) {
                z.resize(n); // train passes one value per row: no allocation
            }
            // (z on the heap starts at Eigen's largest alignment; on the stack, it may not)
            constexpr int aligned = Z::MaxSizeAtCompileTime == Eigen::Dynamic ? Eigen::AlignedMax : Eigen::Unaligned;
            Eigen::Map<BatchVector, aligned> products(z.data() + (in_place ? first : 0), n);
            products.noalias() = block * weights;
            // A non-finite sample makes its product non-finite (the weights are finite), so the
            // products find bad samples without a scan of all values. Finite samples may
            // overflow: ±∞ is valid, NaN (∞ − ∞) is not. The first bad sample of all is named.
            if (where != nullptr && !products.allFinite() && (products.hasNaN() || !all_finite(block))) {
                require_finite_samples(samples, where);
                for (Eigen::Index i = 0; i < n; ++i) {
                    if (std::isnan(products(i))) {
                        fail_overflow(where, "w·x of samples row", first + i);
                    }
                }
            }
            f(block, first, products);
        };
        const Eigen::Index rows = samples.rows();
        if constexpr (stored<DS>) {
            constexpr auto large = static_cast<Eigen::Index>((std::size_t{32} << 20) / sizeof(T));
            const Eigen::Index fit = static_cast<Eigen::Index>(8192 / sizeof(T)) / samples.cols();
            const Eigen::Index block = fit < 16 ? 16 : fit / 16 * 16;
            if (samples.size() > large && rows >= 2 * block) {
                for (Eigen::Index first = 0, n = 0; first < rows; first += n) {
                    n = rows - first < 2 * block ? rows - first : block;
                    const auto part = samples.middleRows(first, n);
                    if (where != nullptr && !std::isfinite(part.sum()) && !part.allFinite()) {
                        require_finite_samples(samples, where); // the first of all
                    }
                    visit(part, first);
                }
                return;
            }
        }
        visit(samples, Eigen::Index{0});
    }

    /// Samples of two columns in memory go through for_each_z_of_two instead: with so little
    /// arithmetic per row, one pass is faster than Eigen's product and a pass over its results.
    template <class DS> static bool in_two_columns(const DS &samples) {
        return stored<DS> && (Inputs == Eigen::Dynamic || Inputs == 2) && samples.cols() == 2;
    }

    /// Calls f(i, z_i) for every row, z_i = w·x_i + b, in one pass, and returns the sum of the
    /// products w·x_i, finite if every one is. They round as in Eigen's product.
    template <class DS, class F> static T for_each_z_of_two(const DS &samples, const Vector &weights, T bias, F &&f) {
        T sum = T(0);
        if constexpr (stored<DS> && (Inputs == Eigen::Dynamic || Inputs == 2)) {
            const T w0 = weights(0);
            const T w1 = weights(1);
            for (Eigen::Index i = 0; i < samples.rows(); ++i) {
                const T product = samples(i, 0) * w0 + samples(i, 1) * w1;
                sum += product;
                f(i, product + bias);
            }
        }
        return sum;
    }

    /// The checks of for_each_product, made again by it only when the products' sum is not finite.
    template <class DS>
    static void check_products_by_sum(const char *where, const DS &samples, const Vector &weights, T sum) {
        if (!std::isfinite(sum)) {
            BatchVector products;
            for_each_product(where, samples, weights, products, false, [](const auto &, Eigen::Index, const auto &) {});
        }
    }
};

} // namespace detail

// --- save and load: five lines of exact, locale-free text ------------------------------------
namespace detail {

/// A word of a saved line, and the column (from 1) where it starts.
struct Word {
    std::size_t column;
    std::string text;
};

/// Refuses a stream unless `ok`: "Neuron::load: line <line>, column <column>: <parts>", without the column if 0.
template <class... Parts> void require_load(bool ok, std::size_t line, std::size_t column, const Parts &...parts) {
    if (!ok) {
        Message message("Neuron::load");
        message << "line " << line;
        if (column != 0) {
            message << ", column " << column;
        }
        fail(((message << ": ") << ... << parts));
    }
}

/// Line `line`, read through its newline (a stream cut anywhere ends without one), without a final carriage return, and
/// split at blanks into words, with an empty word at its end (column 1 if the line has none): `key`, `values` more
/// words, then the end, or the stream is refused, naming `expected` if it ends first.
inline std::vector<Word> read_line(std::istream &in, std::size_t line, const char *key, std::size_t values,
                                   const char *expected) {
    std::string text;
    const bool got = static_cast<bool>(std::getline(in, text));
    require_load(got && !in.eof(), line, got ? text.size() + 1 : 0, "the stream ends", got ? " before the newline" : "",
                 ", expected ", expected);
    text.erase(text.size() - (!text.empty() && text.back() == '\r' ? 1 : 0));
    std::vector<Word> words;
    for (std::size_t i = 0; (i = text.find_first_not_of(" \t", i)) != std::string::npos;
         i += words.back().text.size()) {
        words.push_back({i + 1, text.substr(i, text.find_first_of(" \t", i) - i)});
    }
    words.push_back({words.empty() ? 1 : text.size() + 1, ""});
    require_load(words[0].text == key, line, words[0].column, "expected '", key, "', got '", words[0].text, "'");
    require_load(words.size() == values + 2, line, words[std::min(values + 1, words.size() - 1)].column, "'", key,
                 "' takes ", values, values == 1 ? " value, got " : " values, got ", words.size() - 2);
    return words;
}

/// Reads what write_hex writes, [-]0x<hex digits>[.<hex digits>]p[+|-]<decimal digits>, with 1 to 64 hex digits and
/// 1 to 6 decimal ones, as the nearest T, ties to even (as a correctly rounding strtod): sets `value` and returns
/// nullptr, or returns why `text` is not such a value or not one of T's (it overflows, or is not zero but below T's
/// smallest subnormal). The digits' bits go into a 64-bit m from its first 1 (save writes at most 64 significant
/// bits); a later bit only moves the exponent, the first of them kept as the rounding bit r, the rest ORed into a
/// sticky bit s. m·2^e is then rounded once, in integers, to the bits T holds at its exponent (fewer for a
/// subnormal), and ldexp scales the result exactly.
template <class T> const char *read_hex(const std::string &text, T &value) {
    using L = std::numeric_limits<T>;
    static_assert(L::digits <= 64, "tinyneuron::Neuron::load: T's mantissa must fit in 64 bits");
    const char *const out_of_range = std::is_same<T, float>::value    ? "out of range for float"
                                     : std::is_same<T, double>::value ? "out of range for double"
                                                                      : "out of range for long-double";
    const std::size_t start = text.compare(0, 1, "-") == 0 ? 1 : 0;
    const std::size_t p = std::min(text.find_first_of("pP"), text.size());
    if (text.compare(start, 2, "0x") != 0) {
        return "no 0x prefix";
    }
    std::uint64_t m = 0;
    int e = 0, digits = 0, dropped = 0;
    bool point = false, r = false, s = false;
    for (std::size_t i = start + 2; i < p; ++i) {
        const char *const hex = "0123456789abcdef0123456789ABCDEF";
        const char *const at = std::find(hex, hex + 32, text[i]);
        if (text[i] == '.' && !point) {
            point = true;
        } else if (at == hex + 32 || ++digits > 64) {
            return at == hex + 32 ? "unexpected character" : "too many digits";
        } else {
            e -= point ? 4 : 0;
            for (int bit = 3; bit >= 0; --bit) {
                const bool b = ((at - hex) % 16 >> bit & 1) != 0;
                if (m >> 63 == 0) {
                    m = m << 1 | std::uint64_t{b};
                } else {
                    (dropped++ == 0 ? r : s) |= b;
                }
            }
        }
    }
    const std::size_t x = p + 1 < text.size() && (text[p + 1] == '+' || text[p + 1] == '-') ? p + 2 : p + 1;
    if (digits == 0 || p == text.size()) {
        return digits == 0 ? "no digits" : "no p exponent";
    }
    if (x >= text.size() || text.size() - x > 6 || text.find_first_not_of("0123456789", x) != std::string::npos) {
        return "the exponent must be 1 to 6 decimal digits";
    }
    e += dropped + std::stoi(text.substr(p + 1));
    for (; m != 0 && m >> 63 == 0; --e) {
        m <<= 1; // m's first 1 at 2^63, so the text's first 1 is at 2^(e + 63)
    }
    const int bits = L::digits - std::max(0, L::min_exponent - 1 - (e + 63)); // what T holds from there down
    if (m != 0 && bits < 1) {
        return out_of_range;
    }
    // The kept part k, up by 1 if the first bit dropped is 1 and a later one, or k's last, is 1: ties to even.
    const int drop = m == 0 ? 0 : 64 - bits;
    const std::uint64_t k = drop == 0 ? m : m >> drop;
    const bool first = drop == 0 ? r : (m >> (drop - 1) & 1) != 0;
    const bool later = drop == 0 ? s : r || s || (m & ((std::uint64_t{1} << (drop - 1)) - 1)) != 0;
    using std::ldexp;
    value = ldexp(static_cast<T>(k) + (first && (later || (k & 1) != 0) ? T(1) : T(0)), e + drop); // exact
    value = start == 1 ? -value : value;
    return std::isfinite(value) ? nullptr : out_of_range;
}

/// The value in `word` of line `line`, as read_hex reads it.
template <class T> T read_value(const Word &word, std::size_t line) {
    T value = T(0);
    const char *const why = read_hex(word.text, value);
    require_load(why == nullptr, line, word.column, "expected a hexadecimal float such as -0x1.8p-1, got '", word.text,
                 "' (", why, ")");
    return value;
}

} // namespace detail

template <class T, int Inputs> std::string Neuron<T, Inputs>::scalar_line() {
    return std::string(detail::scalar_name<T>()) + " " + std::to_string(std::numeric_limits<T>::digits);
}

/// Exact hexadecimal text of a finite value (detail::write_hex).
template <class T, int Inputs> std::string Neuron<T, Inputs>::hex(T value) {
    std::string s;
    detail::write_hex(value, [&s](char c) { s += c; });
    return s;
}

template <class T, int Inputs> void Neuron<T, Inputs>::save(std::ostream &out) const {
    std::string text = "tinyneuron-neuron 1\nscalar " + scalar_line() + "\ninputs " + std::to_string(inputs()) +
                       "\nbias " + hex(bias_) + "\nweights";
    for (const T w : weights_) {
        text += ' ' + hex(w);
    }
    text += '\n';
    if (!out.write(text.data(), static_cast<std::streamsize>(text.size()))) {
        detail::raise<std::runtime_error>(detail::Message("Neuron::save") << "the stream failed while writing");
    }
}

template <class T, int Inputs> Neuron<T, Inputs> Neuron<T, Inputs>::load(std::istream &in) {
    using detail::read_line;
    using detail::require_load;
    const detail::Word version = read_line(in, 1, "tinyneuron-neuron", 1, "the header 'tinyneuron-neuron 1'")[1];
    require_load(version.text == "1", 1, version.column, "format version '", version.text,
                 "' is not supported, this build reads version 1");
    const std::vector<detail::Word> scalar = read_line(in, 2, "scalar", 2, "'scalar <type> <mantissa bits>'");
    const std::string holds = scalar[1].text + " " + scalar[2].text;
    require_load(holds == scalar_line(), 2, scalar[1].column, "the stream holds '", holds, "', this Neuron reads '",
                 scalar_line(), "'");
    const detail::Word inputs = read_line(in, 3, "inputs", 1, "'inputs <count>'")[1];
    require_load(inputs.text.size() <= 9 && inputs.text.find_first_not_of("0123456789") == std::string::npos, 3,
                 inputs.column, "expected a whole number, got '", inputs.text, "'");
    const std::size_t count = std::stoul(inputs.text);
    require_load(count != 0, 3, inputs.column, "inputs is 0, expected at least 1");
    require_load(Inputs == Eigen::Dynamic || count == static_cast<std::size_t>(Inputs), 3, inputs.column,
                 "the stream holds ", inputs.text, " inputs, this Neuron takes ", Inputs);
    const T bias = detail::read_value<T>(read_line(in, 4, "bias", 1, "'bias <value>'")[1], 4);
    const std::vector<detail::Word> words = read_line(in, 5, "weights", count, "'weights <value> ...'");
    Vector weights = Vector::Zero(static_cast<Eigen::Index>(count));
    for (std::size_t i = 0; i < count; ++i) {
        weights(static_cast<Eigen::Index>(i)) = detail::read_value<T>(words[i + 1], 5);
    }
    return Neuron(weights, bias);
}

} // namespace throwing or aborting
} // namespace tinyneuron

#undef TINYNEURON_DETAIL_EXCEPTIONS

#endif // C++17
#endif // TINYNEURON_NEURON_HPP
