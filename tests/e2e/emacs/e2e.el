;;; e2e.el --- End-to-end test of `policylsp serve' driven by Emacs 28 + eglot (elpa-eglot 1.9)  -*- lexical-binding: t; -*-

;; Run (scripts/e2e-editors.sh does this):
;;   POLICYLSP_SERVER=/path/to/policylsp POLICYLSP_LOG=/tmp/server.log \
;;   POLICYLSP_FILE=examples/linkedin-style-2024-draft.md emacs --batch -l tests/e2e/emacs/e2e.el
;;
;; Prints "ok ..." / "not ok ..." per check on stdout; exits 0 when all passed, 1 otherwise.
;; Notes: eglot 1.9 sends `version: 0' on didOpen and SIGKILLs the server right after `exit',
;; so the server's own exit code is not checked here (the Neovim test checks it).
;; `eglot-ensure' waits for a post-command-hook that never runs in batch mode, so this connects
;; with `eglot' directly; Flymake's first check is deferred the same way, so it is started by hand.

;;; Code:

(require 'cl-lib)
(unless (locate-library "eglot")
  (require 'package)
  (package-activate-all))
(require 'eglot)
(require 'flymake)

(defvar e2e-failures 0)
(defconst e2e-expected-line
  (1+ (string-to-number (or (getenv "POLICYLSP_EXPECT_LINE") "27")))
  "1-based line of the expected PL101 (LSP line 27 = line 28 in `policylsp check').")
(defconst e2e-timeout (string-to-number (or (getenv "POLICYLSP_E2E_TIMEOUT") "30")))

(defun e2e-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun e2e-check (ok what &optional detail)
  (if ok
      (e2e-out "ok - %s" what)
    (setq e2e-failures (1+ e2e-failures))
    (e2e-out "not ok - %s%s" what (if detail (format " # %s" detail) "")))
  ok)

(defun e2e-wait (pred seconds)
  "Run the event loop until PRED is non-nil or SECONDS pass; return PRED's last value."
  (let ((deadline (+ (float-time) seconds))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun e2e-pl101-diagnostics ()
  (cl-remove-if-not
   (lambda (d)
     (and (string-match-p "\\[PL101\\]" (flymake-diagnostic-text d))
          (= (line-number-at-pos (flymake-diagnostic-beg d)) e2e-expected-line)))
   (flymake-diagnostics)))

;; No markdown-mode in a bare Emacs: a minimal one, so that eglot sends languageId "markdown".
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))

(cl-defun e2e-run ()
  (let* ((server-path (or (getenv "POLICYLSP_SERVER") (error "POLICYLSP_SERVER is not set")))
         (log (or (getenv "POLICYLSP_LOG") (make-temp-file "policylsp-server" nil ".log")))
         (file (expand-file-name (or (getenv "POLICYLSP_FILE") "examples/linkedin-style-2024-draft.md")))
         (start (float-time))
         server)
    (setq eglot-server-programs
          (cons `(markdown-mode . (,server-path "serve" "--stdio" "--log-file" ,log))
                eglot-server-programs))
    ;; Editor settings (the `policyLsp' section), answered to the server's workspace/configuration request.
    (setq-default eglot-workspace-configuration '(:policyLsp (:rules (:PL101 "error"))))
    (setq eglot-sync-connect t
          eglot-connect-timeout e2e-timeout)
    (find-file file)
    (markdown-mode)
    (e2e-check (eq major-mode 'markdown-mode) (format "opened %s in markdown-mode" (file-name-nondirectory file)))
    (apply #'eglot (eglot--guess-contact))
    (setq server (eglot-current-server))
    (unless (e2e-check (and server (jsonrpc-running-p server)) "eglot connected to policylsp")
      (cl-return-from e2e-run))
    (e2e-check (bound-and-true-p eglot--managed-mode) "buffer is managed by eglot")
    (e2e-check (bound-and-true-p flymake-mode) "flymake-mode is on")
    ;; Flymake's initial check waits for a command loop that batch mode lacks.
    (flymake-start)
    (let ((found (or (e2e-wait (lambda ()
                                 (cl-remove-if-not (lambda (d) (eq (flymake-diagnostic-type d) 'eglot-error))
                                                   (e2e-pl101-diagnostics)))
                               e2e-timeout)
                     (e2e-pl101-diagnostics))))
      (e2e-check found (format "flymake shows PL101 on line %d (%.0f ms after start)"
                               e2e-expected-line (* 1000 (- (float-time) start)))
                 (format "%d diagnostic(s): %S" (length (flymake-diagnostics))
                         (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (when found
        (let ((d (car found)))
          (e2e-check (string-prefix-p "policylsp" (flymake-diagnostic-text d)) "diagnostic source is policylsp"
                     (flymake-diagnostic-text d))
          (e2e-check (string-match-p "has no carve-out for" (flymake-diagnostic-text d))
                     "message contains \"has no carve-out for\"" (flymake-diagnostic-text d))
          (e2e-check (eq (flymake-diagnostic-type d) 'eglot-error)
                     "severity is error, as the policyLsp rules setting says"
                     (flymake-diagnostic-type d))
          ;; Hover through eglot's own request machinery at the diagnostic's start.
          (goto-char (flymake-diagnostic-beg d))
          (let* ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)
                                         :timeout 10))
                 (contents (plist-get hover :contents))
                 (value (if (stringp contents) contents (plist-get contents :value))))
            (e2e-check (and (stringp value) (string-match-p "PL101" value)) "hover mentions PL101"
                       (format "%S" hover)))
          ;; Code actions as `M-x eglot-code-actions' asks for them (with the Flymake diagnostics in range).
          (let* ((actions (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d) "quickfix"))
                 (fix (cl-find-if (lambda (a) (string-match-p "carve-out" (plist-get a :title))) actions)))
            (when (e2e-check fix "quickfix with \"carve-out\" in its title"
                             (format "%S" (mapcar (lambda (a) (plist-get a :title)) actions)))
              (e2e-out "# applying: %s" (plist-get fix :title))
              (let ((lines (count-lines (point-min) (point-max))))
                (eglot--apply-workspace-edit (plist-get fix :edit))
                (e2e-check (> (count-lines (point-min) (point-max)) lines) "edit inserted lines into the buffer"))
              ;; eglot sends didChange from an idle timer, and batch Emacs never idles: send it as the timer would.
              (when eglot--change-idle-timer (cancel-timer eglot--change-idle-timer))
              (eglot--signal-textDocument/didChange)
              (setq eglot--change-idle-timer nil)
              (e2e-check (e2e-wait (lambda () (null (e2e-pl101-diagnostics))) e2e-timeout)
                         (format "PL101 on line %d disappears after the fix" e2e-expected-line)
                         (format "%S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))))))))
    (let ((proc (jsonrpc--process server)))
      (eglot-shutdown server nil 10) ; default 1.5 s is tight on a busy 2-core CI machine
      (e2e-check (not (jsonrpc-running-p server)) "eglot-shutdown stopped the server"
                 (format "process status %S" (process-status proc))))))

(condition-case err
    (e2e-run)
  (error (e2e-check nil "test ran without a Lisp error" (error-message-string err))))
(e2e-out "# emacs: %d failure(s)" e2e-failures)
(kill-emacs (if (zerop e2e-failures) 0 1))

;;; e2e.el ends here
