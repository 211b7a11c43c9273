/** A small fixed example shared by the evaluate tests. */
// Every expected figure below was computed by scikit-learn 1.2.1 (/usr/bin/python3) on these literals:
// accuracy_score, balanced_accuracy_score, precision_recall_fscore_support(zero_division=0), confusion_matrix,
// roc_auc_score(multi_class='ovr'), average_precision_score, log_loss, roc_curve(drop_intermediate=False),
// mean_absolute_error, mean_squared_error ** 0.5, r2_score.
/** Three classes, 12 rows, probabilities per row. */
export const THREE_CLASS = {
  labels: ['a', 'b', 'c'],
  truth: [0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0],
  probs: [
    [0.7, 0.2, 0.1],
    [0.2, 0.5, 0.3],
    [0.1, 0.3, 0.6],
    [0.3, 0.4, 0.3],
    [0.1, 0.8, 0.1],
    [0.4, 0.4, 0.2],
    [0.5, 0.1, 0.4],
    [0.2, 0.2, 0.6],
    [0.6, 0.3, 0.1],
    [0.3, 0.3, 0.4],
    [0.25, 0.25, 0.5],
    [0.9, 0.05, 0.05],
  ],
};
