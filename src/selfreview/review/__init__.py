"""Human review: every unit of a drafted material is approved, edited or rejected by a
person before :mod:`selfreview.review.gate` lets it into a document."""
