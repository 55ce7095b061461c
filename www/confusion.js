// What the page keeps of an epoch's confusion matrix, in memory and in IndexedDB: all of it
// when a heatmap can show it; above the heatmap's limit only its report and largest
// confusions (the matrix grows with the square of the classes).
import { classificationReport, topConfusions, heatmapMaxClasses } from '../pkg/aula_page.js';

export function keepConfusion(confusion) {
  if (confusion.classes <= heatmapMaxClasses()) return confusion;
  return { classes: confusion.classes, report: classificationReport(confusion), top: topConfusions(confusion, 25) };
}
