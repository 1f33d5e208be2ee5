#!/usr/bin/env bash
# Fails when the project's text speaks of something other than ByzSpark itself: a path of one
# machine (/work/..., /root/..., /home/USER/..., /Users/USER/..., /tmp/NAME) or words about how the
# project was made (session, engineer, the lead, issue N, this branch, after the merge, a project
# deadline, for lack of time). A measurement says its date, machine and command instead.
#
#   scripts/check-wording.sh [--except FILE]... [PATH...]   (default: the paths below)
#   scripts/check-wording.sh --self-test                    (the patterns on sample lines)
#
# Java files are checked in their comments only (a test may use /tmp/x as data); every other text
# file (Markdown, JSON, SVG, shell, Python, job and grid files, the notebook) on every line, except
# this script, which names the words it looks for.
# 'deadline' alone is never flagged: it is an option of ByzSpark (--deadline, SGD with a deadline,
# workers that finish before the deadline); only phrases of a project deadline are. Prints
# FILE:LINE: RULE: TEXT for each finding; exit 1 when there is one, 0 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

read -r -d '' checker <<'PERL' || true
use strict;
use warnings;

my $NOT_IN_PATH = qr{(?<![\w.:/~\$\-])};   # not inside a URL, a $VAR/..., or a longer path
my @rules = (
  ['machine path', qr{$NOT_IN_PATH/(?:work|root)/|$NOT_IN_PATH/(?:home|Users)/[^/\s`'"]+/|$NOT_IN_PATH/tmp/[\w.\-]+}],
  ['session', qr{(?<!spark )\bsessions?\b}i],
  ['engineer', qr{\bengineer(?:s|'s|s')?\b}i],
  ['the lead', qr{\bthe lead(?:'s)?\b(?!\s+(?:of|over|in|to)\b)|\blead engineer}i],
  ['issue number', qr{\bissues?\s*#?\d+|\bthe issue's\b}i],
  ['branch', qr{\b(?:this|my|our|a separate|another|feature|git)\s+branch(?:es|'s)?\b|\bbranch(?:es)?\s+(?:was|were)\s+merged\b|\bbranch\s+`?[a-z][\w-]*\d`?|`main`\s+at\s+[0-9a-f]{7}|\bworktrees?\b}i],
  ['merge', qr{\b(?:after|before|since|until)\s+the\s+(?:[\w-]+\s+)?merge\b|\bmerged\s+code\b|\bcode\s+as\s+merged\b|\bmerges?\s+of\s+`?main\b}i],
  ['project deadline', qr{\b(?:project|submission|hard|tight|final|session|team|release|branch's|project's|team's)\s+deadlines?\b|\bdeadlines?\s+(?:of|for)\s+(?:the|this|our|my)\s+(?:project|session|task|submission|release|work)\b|\bdeadline\s+(?:is|was)\s+(?:near|close|tomorrow|today|tonight|approaching|passed)\b|\b(?:due to|because of|given)\s+the\s+deadline\b}i],
  ['lack of time', qr{\bfor lack of time\b|\bran out of time\b}i],
);

sub findings {   # text -> list of "RULE: MATCH"; with $from, only matches that end after it
  my ($text, $from) = @_;
  my @out;
  for my $r (@rules) {
    while ($text =~ /($r->[1])/g) {
      next if defined $from && $+[0] <= $from;
      push @out, [$r->[0] . ": $1", defined $from && $-[0] < $from];
    }
  }
  return @out;
}

# The findings of a line read after the previous one (joined by one space, the next line's comment
# marker and indentation dropped): a phrase may span the break ("this" / "branch"), and a word may
# need the previous line as context ("Spark" / "session"). Each: [TEXT, whether it spans].
sub line_findings {
  my ($prev, $cur) = @_;
  $prev =~ s/\s+$//;
  $cur =~ s/^\s*(?:\*|\/\/|#)?\s*//;
  return () if $cur eq '';
  return findings($cur) if $prev eq '';
  return findings("$prev $cur", length($prev) + 1);
}

sub comment_of {   # the comment part of a Java line, or ''
  my ($line) = @_;
  return $line if $line =~ m{^\s*(?:\*|/\*|//)};
  return $1 if $line =~ m{(?<![:"])//(.*)$};
  return $1 if $line =~ m{/\*(.*)$};
  return '';
}

if (@ARGV && $ARGV[0] eq '--self-test') {
  my @flagged = (
    'Measured in the third session on a quiet machine.',
    'while four other engineers were building and testing',
    "not representative, the lead's quiet-window run replaces it",
    '/** The options of issue 9, validated. */',
    'Kernels at the limit (issue #6, item 3).',
    'The code of this branch adds the sharded mode.',
    '(2026-11-30, after the merge; nothing else running)',
    'measured before the project deadline',
    'the deadline of the project left no room for it',
    'not run for lack of time',
    'scripts/figure-table.py /work/runs/resam-fig1-mlp',
    'a copy in /home/alice/data/mnist',
    'output /tmp/tmp.dUPx0AsMMn/fm',
    'the jars in /root/.m2/repository',
    'the faster CNN step of branch `cnn3` computes the same bits',
    "on the merged code; (the issue's count is right)",
    "in 6519 s before this branch's deadline",
    'Final measurement (all rules, the code as merged); classes built from `main` at 049615e',
  );
  my @clean = (
    'scripts/byzspark train --algorithm sgd --deadline 2.5',
    'SGD with a deadline: the gradients of the workers that finish before the deadline count',
    '`byzspark plot runs/fig3 --lines algorithm,deadline`',
    'deadline   = [1, 2, 4]            # τ of HGO Algorithm 1',
    'gradients received within the deadline are averaged; stragglers miss the deadline',
    'SparkSession.builder().sparkContext(sc.sc()).getOrCreate()',
    'one Spark session per grid',
    'new Path("hdfs://namenode:8020/tmp/ck")',
    'see https://github.com/work/x and file names like runs/work/y',
    'mkdir -p "$dir/work/worker-$k"',
    "pkrum's average branch is not robust; branch=krum",
    'the leading coordinate; the lead of krum over cwtm is 2 points',
    'the attack issues a warning and tissue 9 is not an issue',
    'measured on 2026-11-30 on a 2-core x86_64 machine (24 GiB)',
    'merge sort; the merge step of the two halves',
  );
  my @spanning = (
    ["measured on this", "branch's final code"],
    ["   * the options of issue", "   * 9, validated"],
    ["# results in /work/runs/", "# x"],
    ["the project", "deadline"],
  );
  my @spanning_clean = (
    ["workers that finish before the", "deadline count"],
    ["a Spark", "session per grid"],
  );
  my $bad = 0;
  for my $p (@spanning) {
    my @f = (line_findings('', $p->[0]), line_findings(@$p));
    if (!@f) { print "self-test: NOT flagged: @$p\n"; $bad++; }
  }
  for my $p (@spanning_clean) {
    my @f = (line_findings('', $p->[0]), line_findings(@$p));
    if (@f) { print "self-test: flagged (", join('; ', map { $_->[0] } @f), "): @$p\n"; $bad++; }
  }
  for my $s (@flagged) {
    my @f = findings($s);
    if (!@f) { print "self-test: NOT flagged: $s\n"; $bad++; }
  }
  for my $s (@clean) {
    my @f = findings($s);
    if (@f) { print "self-test: flagged (", join('; ', map { $_->[0] } @f), "): $s\n"; $bad++; }
  }
  print "check-wording: self-test: ", scalar(@flagged) + scalar(@spanning), " samples flagged, ",
    scalar(@clean) + scalar(@spanning_clean), " left alone",
    ($bad ? ", $bad wrong\n" : ", as expected\n");
  exit($bad ? 1 : 0);
}

my $count = 0;
for my $file (@ARGV) {
  open(my $fh, '<:encoding(UTF-8)', $file) or die "check-wording: cannot read $file: $!\n";
  my $java = $file =~ /\.java$/;
  my ($prev, $prev_no) = ('', 0);
  while (my $line = <$fh>) {
    chomp $line;
    my $text = $java ? comment_of($line) : $line;
    for my $f (line_findings($prev, $text)) {
      print "$file:", ($f->[1] ? "$prev_no-" : ''), "$.: $f->[0]\n";
      $count++;
    }
    ($prev, $prev_no) = ($text, $.);
  }
  close $fh;
}
if ($count) {
  print STDERR "check-wording: $count findings: say what ByzSpark is and does (a measurement: its"
    . " date, machine and command), not how it was made, and no path of one machine\n";
  exit 1;
}
PERL

if [ "${1:-}" = "--self-test" ]; then
  exec perl -CS -e "$checker" -- --self-test
fi

except=()
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --except) except+=("$2"); shift 2 ;;
    *) paths+=("$1"); shift ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || paths=(README.md docs scripts src jobs conf notebooks .ci)

files=()
while IFS= read -r -d '' f; do
  skip=0
  # this script names the words it looks for
  [ "$f" -ef "${BASH_SOURCE[0]}" ] && skip=1
  for e in "${except[@]+"${except[@]}"}"; do [ "$f" = "$e" ] && skip=1; done
  # text files only (grep -I: no NUL byte), e.g. not the PNG figures
  if [ "$skip" = 0 ] && grep -Iq . "$f" 2>/dev/null; then
    files+=("$f")
  fi
done < <(find "${paths[@]}" -type f -print0 | sort -z)

perl -CS -e "$checker" -- "${files[@]}"
echo "check-wording: ${#files[@]} files, no machine path and no words about how the project was made"
