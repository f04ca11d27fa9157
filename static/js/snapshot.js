// Snapshot page: zero counts fade so the non-zero ones stand out (as on
// the home page). The findings are counted by id and VPC here and listed,
// filtered and paged, on the findings page (server-side).

for (const s of document.querySelectorAll('.findings-summary > span')) {
  if (s.textContent.trim() === '0') s.classList.add('zero');
}
