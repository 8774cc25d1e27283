#pragma once
// Distributed ensembles on MPI. Started by mpirun (or srun) with N ranks, every rank runs the
// same command; each ensemble's replications are split into blocks of a few replications dealt
// round-robin to the ranks; each rank runs its blocks on its own threads, and every block's
// results are broadcast from its rank to all ranks, which consume them in replication order.
// So every rank sees exactly what one process would see, in the same order, and the first rank
// writes the same files, byte for byte, as a single process; the others write nothing.

#include <functional>

#include "sim/ensemble.hpp"

namespace caremarket::distributed {

/// Joins the MPI job when the process was launched as one of several ranks (by mpirun or srun)
/// and installs the distributed runner; otherwise does nothing, and MPI is never started.
/// Ranks other than the first write no results folder and print nothing on stderr.
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

 private:
  bool started_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// The distributed runner: a collective call (every rank must make it with the same
/// arguments). Replications [first, first + replications) are split as described above.
void run_ensemble(const sim::ModelParams& params, const sim::EnsembleOptions& options,
                  const std::function<void(sim::ReplicationResult&&)>& consume);

}  // namespace caremarket::distributed
