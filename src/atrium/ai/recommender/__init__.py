"""What each learner should do next: profile, prerequisites, diversity, reasons."""
