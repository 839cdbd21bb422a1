// SPDX-License-Identifier: MIT
// What R's summary(glm(am ~ wt + hp, family = binomial, data = mtcars)) prints, from fit and summary
// (README, "Statistics"; CI checks that the README shows this program and its output).
#include <tinyneuron/neuron.hpp>

#include <cstdio>

int main() {
    // R's mtcars: each car's weight (1000 lb) and horsepower, and am, 1 for a manual gearbox.
    Eigen::Matrix<double, 32, 2> x;
    x << 2.62, 110, 2.875, 110, 2.32, 93, 3.215, 110, 3.44, 175, 3.46, 105, 3.57, 245, 3.19, 62, 3.15, 95, 3.44, 123,
        3.44, 123, 4.07, 180, 3.73, 180, 3.78, 180, 5.25, 205, 5.424, 215, 5.345, 230, 2.2, 66, 1.615, 52, 1.835, 65,
        2.465, 97, 3.52, 150, 3.435, 150, 3.84, 245, 3.845, 175, 1.935, 66, 2.14, 91, 1.513, 113, 3.17, 264, 2.77, 175,
        3.57, 335, 2.78, 109;
    Eigen::Matrix<double, 32, 1> am;
    am << 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1;

    tinyneuron::Neuron<double, 2> neuron(Eigen::Vector2d::Zero(), 0.0);
    const auto fit = neuron.fit(x, am); // cross-entropy, no penalty: logistic regression
    if (fit.status != tinyneuron::FitStatus::converged) {
        return 1;
    }
    const auto s = neuron.summary(x, am);
    const char *names[] = {"wt", "hp", "(bias)"};
    std::printf("%-8s %10s %10s %8s %9s\n", "", "Estimate", "Std. Error", "z value", "Pr(>|z|)");
    for (int j : {2, 0, 1}) { // R's order: the intercept first
        std::printf("%-8s %10.5f %10.5f %8.3f %9.5f\n", names[j], s.estimate(j), s.standard_error(j), s.z_value(j),
                    s.p_value(j));
    }
    std::printf("null deviance %.3f, residual deviance %.3f, AIC %.3f, %zu Newton steps\n", s.null_deviance, s.deviance,
                s.aic, fit.iterations);
}
