//! A folder the user picked or dropped: its name and its files with paths inside it.
//!
//! A folder input (`webkitdirectory`) gives every file a `webkitRelativePath` that starts with the
//! folder's name; a dropped folder is walked with the File and Directory Entries API
//! (`webkitGetAsEntry`), whose `fullPath`s start with `/` and the folder's name. Both end up as the
//! same [`Picked`], so picking and dropping the same folder give the same tree. A single file
//! picked or dropped is an archive, opened by the worker.

use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

use crate::intake::{split_picked_path, ProjectFile};
use crate::model::layout::is_build_file;

/// One side as the user gave it: a folder's files, or an archive file.
#[derive(Debug, Clone, PartialEq)]
pub enum Picked {
    Folder(PickedFolder),
    Archive { label: String, file: File },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickedFolder {
    /// The folder's name: the report's label for this side.
    pub label: String,
    /// Paths inside the folder, parallel to `files`.
    pub paths: Vec<String>,
    pub files: Vec<File>,
    /// The build files ([`is_build_file`]: a few small files at the root), read at the pick:
    /// every worker needs them to know which files are modules ([`crate::pipeline::SidePlan`]).
    pub build: Vec<ProjectFile>,
}

impl Picked {
    pub fn label(&self) -> &str {
        match self {
            Picked::Folder(folder) => &folder.label,
            Picked::Archive { label, .. } => label,
        }
    }

    /// "120 files" or "archive, 2.1 MB".
    pub fn describe(&self) -> String {
        match self {
            Picked::Folder(folder) => format!("{} files", folder.files.len()),
            Picked::Archive { file, .. } => {
                let size = file.size();
                if size >= 1_048_576.0 {
                    format!("archive, {:.1} MB", size / 1_048_576.0)
                } else {
                    format!("archive, {:.0} KB", (size / 1024.0).ceil())
                }
            }
        }
    }

    fn from_relative(entries: Vec<(String, File)>) -> Result<Picked, String> {
        let mut label = String::new();
        // Not even `file.size` is touched here: its first read stats the file synchronously
        // (1.6 s for Django's 6,720 files on the main thread). The worker reads sizes and bytes.
        let (mut paths, mut files) = (Vec::new(), Vec::new());
        for (relative, file) in entries {
            let (root, inside) = split_picked_path(relative.trim_start_matches('/'));
            if label.is_empty() {
                label = root.to_owned();
            }
            paths.push(inside.to_owned());
            files.push(file);
        }
        if files.is_empty() {
            return Err("the folder is empty".into());
        }
        Ok(Picked::Folder(PickedFolder { label, paths, files, build: Vec::new() }))
    }

    /// Reads a folder's build files (an archive is read whole by a worker later).
    pub async fn with_build_files(self) -> Result<Picked, String> {
        let Picked::Folder(mut folder) = self else { return Ok(self) };
        for (path, file) in folder.paths.iter().zip(&folder.files) {
            if !is_build_file(path) {
                continue;
            }
            let text = JsFuture::from(file.text())
                .await
                .map_err(|error| describe(&error, &format!("reading {path}")))?;
            if let Some(text) = text.as_string() {
                folder.build.push(ProjectFile { path: path.clone(), text });
            }
        }
        Ok(Picked::Folder(folder))
    }

    /// An archive file (.tar.gz, .zip, .whl, …); the worker checks what it really is.
    pub fn archive(file: File) -> Picked {
        Picked::Archive { label: file.name(), file }
    }

    /// The files of a `<input type=file webkitdirectory>`.
    pub fn from_file_list(list: &FileList) -> Result<Picked, String> {
        let entries = (0..list.length())
            .filter_map(|index| list.get(index))
            .map(|file| (relative_path(&file), file))
            .collect();
        Picked::from_relative(entries)
    }

    /// A folder (or an archive file) dropped on the page.
    pub async fn from_drop(transfer: DataTransfer) -> Result<Picked, String> {
        let items = transfer.items();
        let roots: Vec<FileSystemEntry> = (0..items.length())
            .filter_map(|index| items.get(index))
            .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
            .collect();
        let [root] = roots.as_slice() else {
            return Err("drop one folder or archive at a time".into());
        };
        if root.is_file() {
            let entry: FileSystemFileEntry = root.clone().unchecked_into();
            return Ok(Picked::archive(read_file(&entry).await?));
        }
        let mut entries = Vec::new();
        let mut pending = vec![root.clone()];
        while let Some(entry) = pending.pop() {
            if entry.is_directory() {
                let directory: FileSystemDirectoryEntry = entry.unchecked_into();
                pending.extend(read_directory(&directory).await?);
            } else if entry.is_file() {
                let path = entry.full_path();
                let file_entry: FileSystemFileEntry = entry.unchecked_into();
                entries.push((path, read_file(&file_entry).await?));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Picked::from_relative(entries)?.with_build_files().await
    }
}

/// Every entry of a directory (`readEntries` returns them in batches until an empty one).
async fn read_directory(directory: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = directory.create_reader();
    let mut all = Vec::new();
    loop {
        let promise = Promise::new(&mut |resolve, reject| {
            let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
        });
        let batch =
            JsFuture::from(promise).await.map_err(|error| describe(&error, "reading a dropped folder"))?;
        let batch = Array::from(&batch);
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(|entry| entry.unchecked_into::<FileSystemEntry>()));
    }
}

async fn read_file(entry: &FileSystemFileEntry) -> Result<File, String> {
    let promise =
        Promise::new(&mut |resolve, reject| entry.file_with_callback_and_callback(&resolve, &reject));
    let file = JsFuture::from(promise).await.map_err(|error| describe(&error, "reading a dropped file"))?;
    file.dyn_into::<File>().map_err(|_| "the browser returned something that is not a file".to_owned())
}

/// `File.webkitRelativePath` (not in web-sys's bindings): the path below the picked folder's
/// parent, e.g. `flask-3.0.3/src/flask/app.py`.
fn relative_path(file: &File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

fn describe(error: &JsValue, doing: &str) -> String {
    let detail = js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|message| message.as_string())
        .unwrap_or_else(|| "unknown error".into());
    format!("{doing}: {detail}")
}
