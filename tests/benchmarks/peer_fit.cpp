// SPDX-License-Identifier: MIT
// tinyneuron's fit on the data sets of fit_data.py, timed for peers.sh beside scikit-learn's
// solvers (peer_sklearn.py): from the zero neuron, cross-entropy with l2 = 1/(2·C·n), C = 1,
// tolerance 1e-9 (within 1e-9 of the optimum: tinyneuron_bench checks it). Prints, per set, the
// minimum over the repetitions as "RESULT tinyneuron_fit/<set> <ns per fit>" (CPU time of the
// thread) and the objective reached as "NOTE".
// Usage: peer_fit <data directory> [repetitions = 5]
#include "baseline.hpp"

#include <tinyneuron/neuron.hpp>

#include <algorithm> // std::min
#include <cstdio>    // std::printf
#include <fstream>   // std::ifstream
#include <limits>    // std::numeric_limits
#include <string>    // std::string, std::stoi

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: peer_fit <data directory> [repetitions]\n");
        return 2;
    }
    const int repetitions = argc > 2 ? std::stoi(argv[2]) : 5;
    for (const char *name : {"breast_cancer", "digits_3v8", "synthetic"}) {
        std::ifstream in(std::string(argv[1]) + "/" + name + ".txt");
        Eigen::Index rows = 0;
        Eigen::Index cols = 0;
        in >> rows >> cols;
        Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x(rows, cols);
        Eigen::VectorXd t(rows);
        for (Eigen::Index i = 0; i < rows; ++i) {
            for (Eigen::Index j = 0; j < cols; ++j) {
                in >> x(i, j);
            }
            in >> t(i);
        }
        if (!in || rows < 1) {
            std::fprintf(stderr, "peer_fit: cannot read %s/%s.txt\n", argv[1], name);
            return 2;
        }
        tinyneuron::FitOptions<double> options;
        options.l2 = 1.0 / (2.0 * static_cast<double>(rows));
        options.tolerance = 1e-9;
        double best = std::numeric_limits<double>::infinity();
        tinyneuron::Neuron<double> neuron(Eigen::VectorXd::Zero(cols), 0.0);
        for (int r = 0; r < repetitions; ++r) {
            neuron = tinyneuron::Neuron<double>(Eigen::VectorXd::Zero(cols), 0.0);
            best = std::min(best, tinyneuron_bench::cpu_ns([&] { neuron.fit(x, t, options); }));
        }
        std::printf("RESULT tinyneuron_fit/%s %.0f\n", name, best);
        std::printf("NOTE tinyneuron_fit/%s objective %.10g\n", name,
                    neuron.objective(x, t, tinyneuron::Loss::cross_entropy, options.l2));
    }
    return 0;
}
